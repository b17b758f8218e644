// Every call the organizer console makes, typed, on top of the shared ApiClient (its fetch,
// timeouts and single-flight token refresh). Venue and event lists, and the password-setup route,
// are written against the organizer setup API's contract.
import type { Static } from 'typebox';
import type { PolicyRules } from '../../core/index.ts';
import type { ApiKey, ApiKeyCreated } from '../../contracts/api-keys.contract.ts';
import type { CreditStatement, SessionAttendance } from '../../contracts/attendance.contract.ts';
import type { SessionPatch, SessionView } from '../../contracts/sessions.contract.ts';
import type { Dashboard, DashboardFeedItem } from '../../contracts/dashboard.contract.ts';
import type { Role as RoleSchema, Scope, Session, TokenPair } from '../../contracts/auth.contract.ts';
import type { Device as DeviceRow, SetupCodeAnswer } from '../../contracts/devices.contract.ts';
import type { EventCreate, EventPatch, EventView } from '../../contracts/events.contract.ts';
import type { StaffCreate, StaffCreated, StaffMember, StaffPatch } from '../../contracts/staff.contract.ts';
import type { Conflict } from '../../contracts/sync.contract.ts';
import type { PublicEvent, RegistrationSettings, RegistrationSettingsBody } from '../../contracts/registration.contract.ts';
import type {
  ImportReport, IssueBody, TicketHistoryEntry, TicketListItem, TicketScan, TicketView, TransferAnswer, TransferBody,
} from '../../contracts/tickets.contract.ts';
import type { TicketTypeCreate, TicketTypePatch, TicketTypeView } from '../../contracts/ticket-types.contract.ts';
import type { Gate, GateCreate, Venue as VenueRecord, VenueCreate, Zone, ZoneCreate, ZonePatch } from '../../contracts/venues.contract.ts';
import type {
  SmsChannel, SmsChannelCreate, SmsChannelPatch, SmsEventSettings, SmsEventSettingsView, SmsMessage,
} from '../../contracts/sms.contract.ts';
import type { Redelivered, WebhookDelivery, WebhookEndpoint, WebhookWithSecret } from '../../contracts/webhooks.contract.ts';
import { ApiClient, type Tokens } from '../shared/api-client.ts';

export type Role = Static<typeof RoleSchema>;
export type { ApiKey, Scope, Session, StaffMember };
export type { SessionAttendance, SessionPatch, SessionView };
export type LoginAnswer = TokenPair;
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface Venue { id: string; name: string; timezone: string }
export interface EventSummary { id: string; name: string; slug: string; venueId: string; startsAt: string; endsAt: string; status: string }
export type Device = DeviceRow;
export type SetupCode = SetupCodeAnswer;
export type Webhook = WebhookEndpoint;
export type Delivery = WebhookDelivery;
export type Verdict = Conflict['serverVerdict'];
export type { Conflict, Dashboard, DashboardFeedItem, EventCreate, EventView, Gate, TicketTypeView, VenueRecord, Zone };
export type { SmsChannel, SmsChannelCreate, SmsChannelPatch, SmsEventSettings, SmsEventSettingsView, SmsMessage };
export type { ImportReport, PublicEvent, RegistrationSettings, RegistrationSettingsBody, TicketHistoryEntry, TicketListItem, TicketScan, TicketView, TransferBody };
export type IssueInput = IssueBody['tickets'][number];
export type PolicyTemplateName = NonNullable<EventCreate['policyTemplate']>;
export interface EventPolicy { template: PolicyTemplateName | null; rules: PolicyRules; dayStartMinutes: number }

const TOKENS_KEY = 'karibu.console.tokens';
const enc = encodeURIComponent;

function loadTokens(): Tokens | null {
  try { return JSON.parse(sessionStorage.getItem(TOKENS_KEY) ?? 'null') as Tokens | null; } catch { return null; }
}

let tokens: Tokens | null = loadTokens();
const listeners = new Set<(signedIn: boolean) => void>();

/** Keeps the tokens for this tab only (sessionStorage): a shared office laptop forgets them on close. */
export function setTokens(next: Tokens | null): void {
  tokens = next ? { accessToken: next.accessToken, refreshToken: next.refreshToken, expiresIn: next.expiresIn } : null;
  try {
    if (tokens) sessionStorage.setItem(TOKENS_KEY, JSON.stringify(tokens)); else sessionStorage.removeItem(TOKENS_KEY);
  } catch { /* private mode: the session lasts while the page is open */ }
  listeners.forEach((l) => l(tokens !== null));
}
export const hasTokens = (): boolean => tokens !== null;
export const onSignedInChange = (l: (signedIn: boolean) => void): void => { listeners.add(l); };

const client = new ApiClient({ getTokens: () => tokens, onTokens: setTokens });
const req = <T>(method: string, path: string, body?: unknown) => client.request<T>(method, path, body, { timeoutMs: 20_000 });

/** Every item of a paged list (the console shows whole lists; an organizer has dozens, not thousands). */
async function everything<T>(path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await req<Page<T>>('GET', `${path}${sep}limit=200${cursor ? `&cursor=${enc(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return items;
}

export const api = {
  login: (email: string, password: string) =>
    client.request<LoginAnswer>('POST', '/api/v1/auth/login', { email, password }, { auth: false, timeoutMs: 15_000 }),
  logout: async () => {
    const refreshToken = tokens?.refreshToken;
    setTokens(null);
    if (refreshToken) await client.request('POST', '/api/v1/auth/logout', { refreshToken }, { auth: false, timeoutMs: 10_000 }).catch(() => undefined);
  },
  me: () => req<Session>('GET', '/api/v1/auth/me'),
  setPassword: (token: string, password: string) =>
    client.request<unknown>('POST', '/api/v1/auth/password-setup', { token, password }, { auth: false, timeoutMs: 15_000 }),

  venues: () => req<Page<Venue>>('GET', '/api/v1/venues'),
  events: () => req<Page<EventSummary>>('GET', '/api/v1/events'),

  devices: () => req<{ devices: Device[] }>('GET', '/api/v1/devices'),
  createSetupCode: (venueId: string, name?: string) =>
    req<SetupCode>('POST', `/api/v1/venues/${enc(venueId)}/device-setup-codes`, name ? { name, kind: 'door' } : { kind: 'door' }),
  revokeDevice: (id: string) => req<Device>('POST', `/api/v1/devices/${enc(id)}/revoke`),
  setOfflineNames: (id: string, allowed: boolean) =>
    req<{ deviceId: string; allowOfflineNames: boolean }>('PUT', `/api/v1/devices/${enc(id)}/offline-names`, { allowed }),

  staff: () => req<{ staff: StaffMember[] }>('GET', '/api/v1/staff'),
  inviteStaff: (body: StaffCreate) => req<StaffCreated>('POST', '/api/v1/staff', body),
  updateStaff: (id: string, body: StaffPatch) => req<StaffMember>('PATCH', `/api/v1/staff/${enc(id)}`, body),

  conflicts: (eventId: string, status: 'open' | 'resolved' | 'all') =>
    req<{ conflicts: Conflict[] }>('GET', `/api/v1/events/${enc(eventId)}/conflicts?status=${status}`),
  resolveConflict: (eventId: string, scanId: string, note: string) =>
    req<Conflict>('POST', `/api/v1/events/${enc(eventId)}/conflicts/${enc(scanId)}/resolve`, { note }),

  apiKeys: () => req<{ apiKeys: ApiKey[] }>('GET', '/api/v1/api-keys'),
  createApiKey: (name: string) => req<ApiKeyCreated>('POST', '/api/v1/api-keys', { name }),
  revokeApiKey: (id: string) => req<void>('DELETE', `/api/v1/api-keys/${enc(id)}`),

  webhooks: () => req<{ endpoints: Webhook[] }>('GET', '/api/v1/webhooks'),
  createWebhook: (url: string, events: string[]) => req<WebhookWithSecret>('POST', '/api/v1/webhooks', { url, events }),
  deleteWebhook: (id: string) => req<void>('DELETE', `/api/v1/webhooks/${enc(id)}`),
  deliveries: (id: string) => req<{ deliveries: Delivery[] }>('GET', `/api/v1/webhooks/${enc(id)}/deliveries?limit=50`),
  redeliver: (id: string, deliveryId: string) =>
    req<Redelivered>('POST', `/api/v1/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`),

  /** An event's export as a Blob (the route needs the token, so a plain link cannot fetch it). */
  exportFile: async (eventId: string, file: string, query: string) =>
    (await client.download(`/api/v1/events/${enc(eventId)}/exports/${file}?${query}`)).blob(),

  smsChannels: () => req<{ channels: SmsChannel[] }>('GET', '/api/v1/sms-channels'),
  createSmsChannel: (body: SmsChannelCreate) => req<SmsChannel>('POST', '/api/v1/sms-channels', body),
  updateSmsChannel: (id: string, body: SmsChannelPatch) => req<SmsChannel>('PATCH', `/api/v1/sms-channels/${enc(id)}`, body),
  deleteSmsChannel: (id: string) => req<void>('DELETE', `/api/v1/sms-channels/${enc(id)}`),
  smsMessages: (id: string, before?: string) =>
    req<{ messages: SmsMessage[] }>('GET', `/api/v1/sms-channels/${enc(id)}/messages?limit=50${before ? `&before=${enc(before)}` : ''}`),
  sendSmsTest: (id: string, to: string) => req<{ messageId: string }>('POST', `/api/v1/sms-channels/${enc(id)}/test`, { to }),
  smsSettings: (eventId: string) => req<SmsEventSettingsView>('GET', `/api/v1/events/${enc(eventId)}/sms-settings`),
  putSmsSettings: (eventId: string, body: SmsEventSettings) =>
    req<SmsEventSettingsView>('PUT', `/api/v1/events/${enc(eventId)}/sms-settings`, body),

  // Events and what they stand on: venues, zone trees, gates, ticket types, the scan policy.
  allVenues: () => everything<VenueRecord>('/api/v1/venues'),
  venue: (id: string) => req<VenueRecord>('GET', `/api/v1/venues/${enc(id)}`),
  createVenue: (body: VenueCreate) => req<VenueRecord>('POST', '/api/v1/venues', body),
  zones: (venueId: string) => everything<Zone>(`/api/v1/venues/${enc(venueId)}/zones`),
  createZone: (venueId: string, body: ZoneCreate) => req<Zone>('POST', `/api/v1/venues/${enc(venueId)}/zones`, body),
  updateZone: (venueId: string, id: string, body: ZonePatch) => req<Zone>('PATCH', `/api/v1/venues/${enc(venueId)}/zones/${enc(id)}`, body),
  deleteZone: (venueId: string, id: string) => req<void>('DELETE', `/api/v1/venues/${enc(venueId)}/zones/${enc(id)}`),
  gates: (venueId: string) => everything<Gate>(`/api/v1/venues/${enc(venueId)}/gates`),
  createGate: (venueId: string, body: GateCreate) => req<Gate>('POST', `/api/v1/venues/${enc(venueId)}/gates`, body),
  deleteGate: (venueId: string, id: string) => req<void>('DELETE', `/api/v1/venues/${enc(venueId)}/gates/${enc(id)}`),
  allEvents: () => everything<EventView>('/api/v1/events'),
  event: (id: string) => req<EventView>('GET', `/api/v1/events/${enc(id)}`),
  createEvent: (body: EventCreate) => req<EventView>('POST', '/api/v1/events', body),
  updateEvent: (id: string, body: EventPatch) => req<EventView>('PATCH', `/api/v1/events/${enc(id)}`, body),
  setPolicyTemplate: (id: string, template: PolicyTemplateName) =>
    req<EventPolicy>('PUT', `/api/v1/events/${enc(id)}/policy`, { rules: { template } }),
  policy: (id: string) => req<EventPolicy>('GET', `/api/v1/events/${enc(id)}/policy`),
  /** The whole rule set, with the template it started from (explicit rules win over the template's). */
  updatePolicy: (id: string, template: PolicyTemplateName | null, rules: PolicyRules) =>
    req<EventPolicy>('PUT', `/api/v1/events/${enc(id)}/policy`, { rules: template ? { template, ...rules } : rules }),
  ticketTypes: (eventId: string) => everything<TicketTypeView>(`/api/v1/events/${enc(eventId)}/ticket-types`),
  createTicketType: (eventId: string, body: TicketTypeCreate) => req<TicketTypeView>('POST', `/api/v1/events/${enc(eventId)}/ticket-types`, body),
  updateTicketType: (eventId: string, id: string, body: TicketTypePatch) =>
    req<TicketTypeView>('PATCH', `/api/v1/events/${enc(eventId)}/ticket-types/${enc(id)}`, body),
  deleteTicketType: (eventId: string, id: string) => req<void>('DELETE', `/api/v1/events/${enc(eventId)}/ticket-types/${enc(id)}`),
  // Sessions with their CPD settings, who attended each, and the credits CSV (fetched with the
  // token, then saved from a blob: a plain link would carry no credentials).
  sessions: (eventId: string) => everything<SessionView>(`/api/v1/events/${enc(eventId)}/sessions`),
  updateSession: (eventId: string, id: string, body: SessionPatch) => req<SessionView>('PATCH', `/api/v1/events/${enc(eventId)}/sessions/${enc(id)}`, body),
  sessionAttendance: (eventId: string, id: string) => req<SessionAttendance>('GET', `/api/v1/events/${enc(eventId)}/sessions/${enc(id)}/attendance`),
  ticketCredits: (eventId: string, ticketId: string) =>
    req<CreditStatement>('GET', `/api/v1/events/${enc(eventId)}/tickets/${enc(ticketId)}/credits`),
  creditsCsv: async (eventId: string, signal: AbortSignal) =>
    (await client.stream(`/api/v1/events/${enc(eventId)}/exports/credits.csv`, { signal, headers: { accept: 'text/csv' } })).blob(),

  // The live overview: the figures once, and as a Server-Sent Events stream read with fetch.
  dashboard: (eventId: string) => req<Dashboard>('GET', `/api/v1/events/${enc(eventId)}/dashboard`),
  dashboardStream: (eventId: string, lastEventId: string | null, signal: AbortSignal) =>
    client.stream(`/api/v1/events/${enc(eventId)}/dashboard/stream`, { signal, ...(lastEventId ? { headers: { 'last-event-id': lastEventId } } : {}) }),
  /** Before a reconnect: a token that lapses within a minute is renewed first. */
  freshenTokens: () => client.freshen(60_000),
  // Tickets: the manager's list and search, one ticket, its scans and lifecycle, issuing, imports.
  searchTickets: (eventId: string, q: string, cursor: string | null) =>
    req<Page<TicketListItem>>('GET', `/api/v1/events/${enc(eventId)}/tickets/search?limit=50&q=${enc(q)}${cursor ? `&cursor=${enc(cursor)}` : ''}`),
  ticket: (eventId: string, id: string) => req<TicketView>('GET', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}`),
  ticketHistory: (eventId: string, id: string) =>
    req<{ entries: TicketHistoryEntry[] }>('GET', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/history`).then((r) => r.entries),
  ticketScans: (eventId: string, id: string) => everything<TicketScan>(`/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/scans`),
  changeTicket: (eventId: string, id: string, verb: 'cancel' | 'refund') =>
    req<TicketView>('POST', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/${verb}`),
  transferTicket: (eventId: string, id: string, body: TransferBody) =>
    req<TransferAnswer>('POST', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/transfer`, body),
  /** The ticket's own note for door staff; null removes it. */
  setTicketAttentionNote: (eventId: string, id: string, note: string | null) =>
    req<TicketView>('PUT', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/attention-note`, { note }),
  /** Photo check: the holder's photo (a manager replaces it with the holder's consent, or removes it). */
  ticketPhoto: (eventId: string, id: string) => client.image(`/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/photo/view`),
  setTicketPhoto: (eventId: string, id: string, photo: string) =>
    client.request<{ hasPhoto: boolean; bytes: number }>('PUT', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/photo`, { photo, consent: true }, { timeoutMs: 60_000 }),
  deleteTicketPhoto: (eventId: string, id: string) => req<void>('DELETE', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/photo`),
  resendTicket: (eventId: string, id: string) => req<{ deliveryId: string }>('POST', `/api/v1/events/${enc(eventId)}/tickets/${enc(id)}/resend`),
  /** The key makes a double submit (a retry after a lost answer) issue once. */
  issueTicket: (eventId: string, ticket: IssueInput, idempotencyKey: string) =>
    client.request<{ tickets: TicketView[] }>('POST', `/api/v1/events/${enc(eventId)}/tickets`, { tickets: [ticket] },
      { timeoutMs: 20_000, headers: { 'idempotency-key': idempotencyKey } }),
  importTickets: (eventId: string, csv: string, options: { strict: boolean; type: string | null }, idempotencyKey: string) =>
    client.request<ImportReport>('POST', `/api/v1/events/${enc(eventId)}/imports?strict=${options.strict}${options.type ? `&type=${enc(options.type)}` : ''}`, csv,
      { timeoutMs: 120_000, contentType: 'text/csv', headers: { 'idempotency-key': idempotencyKey } }),

  registration: (eventId: string) => req<RegistrationSettings | null>('GET', `/api/v1/events/${enc(eventId)}/registration`),
  updateRegistration: (eventId: string, body: RegistrationSettingsBody) =>
    req<RegistrationSettings>('PUT', `/api/v1/events/${enc(eventId)}/registration`, body),
  publicEvent: (slug: string) => client.request<PublicEvent>('GET', `/api/v1/public/events/${enc(slug)}`, undefined, { auth: false, timeoutMs: 15_000 }),
};
