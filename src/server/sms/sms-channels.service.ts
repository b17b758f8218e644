import { randomBytes, randomUUID } from 'node:crypto';
import type { SmsChannel, SmsChannelCreate, SmsChannelPatch, SmsLanguage, SmsMessage, SmsMessageQuery, SmsTestBody } from '../../contracts/sms.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { Credentials } from './sms-gateway.ts';
import {
  channelEvents, deleteChannel, eventsNamed, findChannel, insertChannel, listChannels, setChannelEvents, updateChannel,
  type ChannelEventRow, type ChannelRow,
} from './sms-channels.repository.ts';
import { listMessages, queueOutbound, type MessageRow } from './sms-messages.repository.ts';
import { channelRegion, normalizeSender } from './sms-phone.ts';
import { smsText } from './sms-catalog.ts';
import { smsSender } from './sms-sender.ts';
import { hookUrls, openChannelToken, openCredentials, sealChannelToken, sealCredentials } from './sms-credentials.ts';

/** Organizers' SMS channels: connect a number (credentials sealed, never returned), its events, its log. */

export type SmsDeps = Pick<AppContext, 'db' | 'masterKey' | 'config'>;
export interface Actor { kind: 'staff' | 'api_key'; id: string | null }

const NO_SUCH_CHANNEL = 'No such SMS channel.';

function credentialsFrom(provider: ChannelRow['provider'], input: Partial<Pick<SmsChannelCreate, 'username' | 'apiKey' | 'accountSid' | 'authToken'>>, current?: Credentials): Credentials {
  if (provider === 'africastalking') {
    const prior = current?.provider === 'africastalking' ? current : undefined;
    const username = input.username ?? prior?.username;
    const apiKey = input.apiKey ?? prior?.apiKey;
    if (input.accountSid !== undefined || input.authToken !== undefined) throw new DomainError('unprocessable', 'accountSid and authToken are Twilio credentials; an Africa\'s Talking channel takes username and apiKey.');
    if (!username || !apiKey) throw new DomainError('unprocessable', 'An Africa\'s Talking channel needs username and apiKey.');
    return { provider, username, apiKey };
  }
  const prior = current?.provider === 'twilio' ? current : undefined;
  const accountSid = input.accountSid ?? prior?.accountSid;
  const authToken = input.authToken ?? prior?.authToken;
  if (input.username !== undefined || input.apiKey !== undefined) throw new DomainError('unprocessable', 'username and apiKey are Africa\'s Talking credentials; a Twilio channel takes accountSid and authToken.');
  if (!accountSid || !authToken) throw new DomainError('unprocessable', 'A Twilio channel needs accountSid and authToken.');
  return { provider, accountSid, authToken };
}

/** Short codes for the channel's events, from their names' initials ("Lagos Tech Summit" → LTS), unique on the channel. */
export function eventCodes(events: { id: string; name: string }[]): { eventId: string; code: string }[] {
  const used = new Set<string>();
  return events.map((e) => {
    const words = e.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().split(/[^A-Z0-9]+/).filter(Boolean);
    let stem = words.length > 1 ? words.map((w) => w[0]).join('').slice(0, 4) : (words[0] ?? 'EV').slice(0, 4);
    if (stem.length < 2) stem = (stem + (words[0]?.slice(1) ?? '') + 'EV').slice(0, 2);
    let code = stem;
    for (let n = 2; used.has(code); n++) code = `${stem.slice(0, 4)}${n}`;
    used.add(code);
    return { eventId: e.id, code };
  });
}

// Twilio carries no USSD: a code on a Twilio channel would be printed in PIN messages and never answer.
function refuseTwilioUssd(provider: ChannelRow['provider'], ussdCode: string | null | undefined): void {
  if (provider === 'twilio' && ussdCode) throw new DomainError('unprocessable', 'ussdCode is for Africa\'s Talking channels; Twilio does not carry USSD.');
}

async function checkedEvents(trx: Trx, ids: string[]): Promise<{ eventId: string; code: string }[]> {
  const unique = [...new Set(ids)];
  const found = await eventsNamed(trx, unique);
  // Another organizer's event reads as one that does not exist (RLS hides it).
  if (found.length !== unique.length) throw new DomainError('unprocessable', 'Some eventIds are not events of this organizer.');
  return eventCodes(found);
}

function view(deps: SmsDeps, row: ChannelRow, events: ChannelEventRow[]): SmsChannel {
  const urls = hookUrls(deps.config.publicUrl, row.id, openChannelToken(deps, row.id, row.token_enc));
  const creds = openCredentials(deps, row.id, row.credentials_enc);
  return {
    id: row.id, provider: row.provider, number: row.number, language: row.language as SmsLanguage,
    events: events.filter((e) => e.channel_id === row.id).map((e) => ({ eventId: e.event_id, name: e.name, code: e.code })),
    inboundSmsUrl: urls.inboundSmsUrl, deliveryReportUrl: urls.deliveryReportUrl,
    ussdUrl: row.provider === 'africastalking' ? urls.ussdUrl : null,
    ussdCode: row.ussd_code,
    credentials: {
      username: creds.provider === 'africastalking' ? creds.username : null,
      accountSid: creds.provider === 'twilio' ? creds.accountSid : null,
      secretSet: true,
    },
    createdAt: row.created_at.toISOString(), updatedAt: row.updated_at.toISOString(),
  };
}

async function viewOf(deps: SmsDeps, trx: Trx, id: string): Promise<SmsChannel> {
  const row = await findChannel(trx, id);
  if (!row) throw new DomainError('not_found', NO_SUCH_CHANNEL);
  return view(deps, row, await channelEvents(trx, [id]));
}

export async function createChannel(deps: SmsDeps, tenantId: string, actor: Actor, input: SmsChannelCreate): Promise<SmsChannel> {
  const id = randomUUID();
  const creds = credentialsFrom(input.provider, input);
  refuseTwilioUssd(input.provider, input.ussdCode);
  const token = randomBytes(32).toString('base64url');
  return withTenant(deps.db, tenantId, async (trx) => {
    const events = await checkedEvents(trx, input.eventIds);
    await insertChannel(trx, {
      id, tenant_id: tenantId, provider: input.provider, number: input.number, language: input.language ?? 'en', ussd_code: input.ussdCode ?? null,
      credentials_enc: sealCredentials(deps, id, creds), token_enc: sealChannelToken(deps, id, token),
    });
    await setChannelEvents(trx, tenantId, id, events);
    await audit(trx, { tenantId, actorKind: actor.kind, actorId: actor.id, action: 'sms.channel_created', subjectId: id, detail: { provider: input.provider, events: events.length } });
    return viewOf(deps, trx, id);
  });
}

export function getChannels(deps: SmsDeps, tenantId: string): Promise<SmsChannel[]> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const rows = await listChannels(trx);
    const events = await channelEvents(trx, rows.map((r) => r.id));
    return rows.map((r) => view(deps, r, events));
  });
}

export function getChannel(deps: SmsDeps, tenantId: string, id: string): Promise<SmsChannel> {
  return withTenant(deps.db, tenantId, (trx) => viewOf(deps, trx, id));
}

export async function changeChannel(deps: SmsDeps, tenantId: string, actor: Actor, id: string, patch: SmsChannelPatch): Promise<SmsChannel> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const row = await findChannel(trx, id);
    if (!row) throw new DomainError('not_found', NO_SUCH_CHANNEL);
    refuseTwilioUssd(row.provider, patch.ussdCode);
    const touchesCreds = patch.username !== undefined || patch.apiKey !== undefined || patch.accountSid !== undefined || patch.authToken !== undefined;
    const credentials_enc = touchesCreds
      ? sealCredentials(deps, id, credentialsFrom(row.provider, patch, openCredentials(deps, id, row.credentials_enc)))
      : undefined;
    await updateChannel(trx, id, { ...(patch.number ? { number: patch.number } : {}), ...(patch.language ? { language: patch.language } : {}),
      ...(patch.ussdCode !== undefined ? { ussd_code: patch.ussdCode } : {}), ...(credentials_enc ? { credentials_enc } : {}) });
    if (patch.eventIds) await setChannelEvents(trx, tenantId, id, await checkedEvents(trx, patch.eventIds));
    await audit(trx, { tenantId, actorKind: actor.kind, actorId: actor.id, action: 'sms.channel_updated', subjectId: id, detail: { fields: Object.keys(patch) } });
    return viewOf(deps, trx, id);
  });
}

export async function removeChannel(deps: SmsDeps, tenantId: string, actor: Actor, id: string): Promise<void> {
  await withTenant(deps.db, tenantId, async (trx) => {
    if (!(await deleteChannel(trx, id))) throw new DomainError('not_found', NO_SUCH_CHANNEL);
    await audit(trx, { tenantId, actorKind: actor.kind, actorId: actor.id, action: 'sms.channel_deleted', subjectId: id, detail: {} });
  });
}

export function messageView(r: MessageRow): SmsMessage {
  return {
    id: r.id, direction: r.direction, kind: r.kind, phone: r.phone, body: r.body, status: r.status,
    providerMessageId: r.provider_message_id, attempts: r.attempts, lastError: r.last_error, outcome: r.outcome,
    eventId: r.event_id, scanId: r.scan_id, replyTo: r.reply_to,
    createdAt: new Date(r.created_at).toISOString(), updatedAt: new Date(r.updated_at).toISOString(),
  };
}

export function getMessages(deps: SmsDeps, tenantId: string, id: string, q: SmsMessageQuery): Promise<SmsMessage[]> {
  return withTenant(deps.db, tenantId, async (trx) => {
    if (!(await findChannel(trx, id))) throw new DomainError('not_found', NO_SUCH_CHANNEL);
    const rows = await listMessages(trx, id, { direction: q.direction, limit: q.limit ?? 50, before: q.before ? new Date(q.before) : undefined });
    return rows.map(messageView);
  });
}

/** Queues a test message to a number through the channel's provider ("does my setup work?"). */
export async function sendTestMessage(ctx: AppContext, tenantId: string, id: string, body: SmsTestBody): Promise<{ messageId: string }> {
  const messageId = randomUUID();
  await withTenant(ctx.db, tenantId, async (trx) => {
    const row = await findChannel(trx, id);
    if (!row) throw new DomainError('not_found', NO_SUCH_CHANNEL);
    const to = normalizeSender(body.to, channelRegion(row.number));
    if (!to) throw new DomainError('unprocessable', 'The number is not a phone number; write it as +254711000111.');
    const text = body.message ?? smsText(row.language as SmsLanguage, 'test', { number: row.number });
    await queueOutbound(trx, { id: messageId, tenantId, channelId: id, kind: 'test', phone: to, body: text, replyTo: null });
  });
  smsSender(ctx)?.poke();
  return { messageId };
}
