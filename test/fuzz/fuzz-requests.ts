import { randomUUID } from 'node:crypto';
import { PASSWORD, type Org } from '../authz/fixtures.ts';
import type { KnownValues } from './fuzz-inputs.ts';

/** Request pieces for the route fuzzer: bodies that reach the services, junk credentials and CSV. */

/** How a scan names its ticket: exactly one of these, so mutating one drops the others. */
const TICKET_REFS = ['qr', 'code', 'pin', 'serial'];
export function exclusive(body: Record<string, unknown>, mutated: string): Record<string, unknown> {
  if (TICKET_REFS.includes(mutated)) for (const k of TICKET_REFS) if (k !== mutated) delete body[k];
  return body;
}

const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
/** Credentials an attacker might try: none, junk, an unsigned (alg none) token, a key-shaped API key. */
export const JUNK_CREDENTIALS: Record<string, Record<string, string>> = {
  none: {},
  'Bearer junk': { authorization: 'Bearer junk' },
  'Bearer alg=none': { authorization: `Bearer ${b64({ alg: 'none', typ: 'at+jwt' })}.${b64({ sub: randomUUID(), tid: randomUUID(), role: 'owner', sid: randomUUID(), iss: 'karibu', aud: 'karibu-api', exp: 4_102_444_800 })}.` },
  'Bearer 5000 chars': { authorization: `Bearer ${'a'.repeat(5000)}` },
  Basic: { authorization: 'Basic b3duZXI6b3duZXI=' },
  'api key shaped junk': { 'x-api-key': `kak_${'A'.repeat(43)}` },
  'api key SQL': { 'x-api-key': "' OR 1=1 --" },
};

export const CSV_JUNK: Record<string, string> = {
  empty: '',
  'header only': 'name,email,phone,type,order_ref\n',
  'NUL bytes': 'name,email\nNul\u0000Person,nul@example.test\n',
  'unbalanced quote': 'name,email\n"Quote Person,q@example.test\n',
  'formula injection': 'name,email\n=HYPERLINK("http://evil"),f@example.test\n',
  '5000 columns': `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(',')}\n${'x,'.repeat(4999)}x\n`,
  'invalid UTF-8 bytes': Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xc3, 0x28, 0xff, 0x0a]).toString('latin1'),
  'CR only line ends': 'name,email\rCr Person,cr@example.test\r',
  'duplicate header': 'name,name,email\nA,B,a@example.test\n',
  'int4 type': 'name,type\nBig Type,2147483648\n',
};

/** Request bodies that reach the service (the schema generator alone cannot know these rules). */
export const VALID_BODIES: Record<string, (org: Org, known: KnownValues) => Record<string, unknown>> = {
  login: (org) => ({ email: org.staff.owner.email, password: PASSWORD }),
  createSmsChannel: (org) => ({ provider: 'africastalking', number: '20414', username: 'fuzz', apiKey: 'atsk_fuzz', eventIds: [org.event.id] }),
  updateSmsChannel: () => ({ number: '20415' }),
  sendSmsTest: () => ({ to: '+254711000111' }),
  putEventSmsSettings: () => ({ gateId: null, allowAnySender: false, pinSms: false }),
  scanTicket: (org) => ({ scanId: randomUUID(), pin: org.tickets[3]!.pin, gateId: org.venue.gates[0]!.id, direction: 'in' }),
  scanGroup: (org) => ({ gateId: org.venue.gates[0]!.id, direction: 'in', items: [{ scanId: randomUUID(), pin: org.tickets[4]!.pin }] }),
  uploadScans: (org) => ({ sentAt: Date.now(), scans: [{ scanId: randomUUID(), pin: org.tickets[5]!.pin, gateId: org.venue.gates[0]!.id, direction: 'in', scannedAt: Date.now() - 1000, verdict: 'admitted', reason: 'admitted' }] }),
  issueTickets: () => ({ tickets: [{ name: 'Fuzz Person', type: 1 }] }),
  transferTicket: () => ({ name: 'New Holder' }),
  registerForEvent: (_o, k) => ({ name: 'Reg Person', email: k.email!() }),
  updateEventPolicy: () => ({ rules: { template: 'reentry-after-exit' } }),
  createStaffMember: (_o, k) => ({ email: k.email!(), displayName: 'Fuzz Staff', role: 'staff' }),
  updateStaffMember: () => ({ displayName: 'Renamed' }),
  resolveConflict: () => ({ note: 'checked' }),
  setDeviceOfflineNames: () => ({ allowed: false }),
  createDeviceSetupCode: () => ({ kind: 'door' }),
  createWebhookEndpoint: () => ({ url: 'http://127.0.0.1:9/hook', events: ['*'] }),
  updateWebhookEndpoint: () => ({ description: 'changed' }),
  createVenue: () => ({ name: 'Fuzz Hall', timezone: 'Africa/Lagos' }),
  updateVenue: () => ({ address: '1 Fuzz Road' }),
  createZone: () => ({ code: `FZ_${randomUUID().slice(0, 8).toUpperCase()}`, name: 'Fuzz zone' }),
  updateZone: () => ({ name: 'General admission' }),
  createGate: (_o, k) => ({ name: `Fuzz gate ${randomUUID().slice(0, 8)}`, zoneId: k.zoneId!() }),
  updateGate: () => ({ name: 'Main' }),
  // Event management: times that make sense (a session lies within the seeded event, now ± hours).
  createEvent: (org) => ({ name: `Fuzz ${randomUUID().slice(0, 6)}`, venueId: org.venue.id, startsAt: new Date(Date.now() + 86_400_000).toISOString(), endsAt: new Date(Date.now() + 93_600_000).toISOString() }),
  createTicketType: () => ({ name: `Fuzz type ${randomUUID().slice(0, 6)}`, zones: ['GA'] }),
  createSession: (_o, k) => ({ name: 'Fuzz session', zoneId: k.zoneId!(), startsAt: new Date(Date.now() + 60_000).toISOString(), endsAt: new Date(Date.now() + 3_600_000).toISOString() }),
};
