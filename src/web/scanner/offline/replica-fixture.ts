// A door phone's replica built as the server builds it (core's manifest encoder, sync-protocol §2),
// for the scanner's offline and scan-flow tests.
import {
  bytesToBase64Url, codeLookupKey, ed25519PublicKey, encodeTicketBlock, makePolicy, MANIFEST_DIGEST_LENGTH, parseTicketToken,
  pinLookupKey, POLICY_TEMPLATES, sealName, signTicketToken, tokenDigest, type ManifestRecord, type TicketState, type TokenPayload,
} from '../../../core/index.ts';
import { verifyEd25519 } from './ed25519-web.ts';
import { parseManifest } from './manifest-format.ts';
import type { OfflineDeps, OfflineScan } from './offline-verdict.ts';
import { EventReplica } from './replica.ts';

export const EVENT = '0190c0de-0000-7000-8000-000000000001';
export const OTHER_EVENT = '0190c0de-0000-7000-8000-000000000002';
export const secret = new Uint8Array(32).fill(9);
export const otherSecret = new Uint8Array(32).fill(5);
export const rotationSecret = new Uint8Array(32).fill(3);
export const NOW = Date.UTC(2026, 5, 1, 18, 0);
export const b64u = bytesToBase64Url;

export function token(serial: number, typeNo = 1, key = secret, kid = 7): string {
  const payload: TokenPayload = { kid, serial, typeNo, validFrom: 0, validUntil: 0 };
  return signTicketToken(payload, key);
}
export function digestOf(qr: string): Uint8Array {
  const parsed = parseTicketToken(qr);
  if (!parsed.ok) throw new Error('bad token');
  return tokenDigest(parsed).subarray(0, MANIFEST_DIGEST_LENGTH);
}

export const policy = makePolicy(POLICY_TEMPLATES['reentry-after-exit'], {
  doorsOpenAt: NOW - 3_600_000, endsAt: NOW + 6 * 3_600_000, zoneParents: { VIP: 'BACKSTAGE', GA: 'VIP' }, utcOffsetMinutes: 60, dayStartMinutes: 0,
});
export const TYPES = [
  { typeNo: 1, name: 'General Admission', zones: ['GA'], allowStatic: true, validFrom: null, validUntil: null },
  { typeNo: 2, name: 'VIP', zones: ['VIP'], allowStatic: false, validFrom: null, validUntil: null },
];

export interface Guest { serial: number; typeNo?: number; qr?: string; code?: string; pin?: string; name?: string; status?: TicketState['status']; presence?: TicketState['presence']; entryCount?: number }

/** A ticket record as the server encodes it: state, held digest, lookup keys, sealed name. */
export function record(g: Guest): ManifestRecord {
  const typeNo = g.typeNo ?? 1;
  const qr = g.qr ?? token(g.serial, typeNo);
  const state: TicketState = {
    eventId: EVENT, serial: g.serial, typeNo, status: g.status ?? 'valid', presence: g.presence ?? 'outside',
    entryCount: g.entryCount ?? 0, zones: TYPES.find((t) => t.typeNo === typeNo)!.zones,
  };
  const r: ManifestRecord = {
    state, digest: digestOf(qr),
    codeKey: codeLookupKey(EVENT, g.code ?? `CODE-${g.serial}`), pinKey: pinLookupKey(EVENT, g.pin ?? String(100000 + g.serial)),
  };
  if (g.name) r.sealed = sealName(g.name, qr, EVENT, g.serial, 0);
  return r;
}

export function page(guests: Guest[], extra: Record<string, unknown> = {}) {
  return {
    format: 2, eventId: EVENT, full: true, reset: true, cursor: 'c1', more: false, serverTime: NOW,
    device: { id: 'd1', kind: 'door', names: false, clockOffsetMs: 0 },
    event: { name: 'Afrobeats Night', timezone: 'Africa/Lagos', doorsOpenAt: NOW - 3_600_000, startsAt: NOW, endsAt: NOW + 6 * 3_600_000 },
    policy,
    gates: [{ id: 'gate-main', name: 'Main', zone: 'GA' }, { id: 'gate-vip', name: 'VIP', zone: 'VIP' }],
    types: TYPES,
    keys: [{ kid: 7, publicKey: b64u(ed25519PublicKey(secret)), status: 'active' }],
    rotation: { secret: b64u(rotationSecret) },
    ticketCount: guests.length,
    tickets: b64u(encodeTicketBlock(guests.map(record), { eventId: EVENT, types: TYPES })),
    removed: [],
    ...extra,
  };
}

export const deps: OfflineDeps = { verify: verifyEd25519 };

export function replicaWith(guests: Guest[], extra: Record<string, unknown> = {}): EventReplica {
  const replica = EventReplica.empty(EVENT);
  replica.applyPage(parseManifest(page(guests, extra), EVENT), [], NOW);
  return replica;
}

export const scanAt = (input: OfflineScan['input'], at = NOW, gateId = 'gate-main', direction: 'in' | 'out' = 'in'): OfflineScan => ({ input, gateId, direction, at });
