import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL of the SMS message log: inbound messages (deduplicated), the outbound queue, delivery reports. */

export type MessageStatus = 'received' | 'queued' | 'sent' | 'delivered' | 'failed';
export type MessageKind = 'sms' | 'ussd' | 'test' | 'pin';

export interface MessageRow {
  id: string; tenant_id: string; channel_id: string; direction: 'in' | 'out'; kind: MessageKind;
  provider_message_id: string | null; phone: string; body: string; status: MessageStatus; attempts: number;
  next_attempt_at: Date; last_error: string | null; event_id: string | null; ticket_id: string | null; scan_id: string | null;
  outcome: string | null; door_code: string | null; reply_to: string | null; created_at: Date; updated_at: Date;
}

/**
 * Stores an inbound message unless the provider sent this message id before (a retried webhook).
 * Returns false for such a duplicate: nothing else may happen for it.
 */
export async function insertInbound(trx: Trx, r: { id: string; tenantId: string; channelId: string; kind: MessageKind; providerId: string | null; phone: string; body: string }): Promise<boolean> {
  const res = await sql`insert into sms_messages (id, tenant_id, channel_id, direction, kind, provider_message_id, phone, body, status)
    values (${r.id}, ${r.tenantId}, ${r.channelId}, 'in', ${r.kind}, ${r.providerId}, ${r.phone}, ${r.body}, 'received')
    on conflict (channel_id, direction, provider_message_id) where provider_message_id is not null do nothing`.execute(trx);
  return Number(res.numAffectedRows ?? 0) > 0;
}

/** What an inbound message came to. */
export async function settleInbound(trx: Trx, id: string, r: { outcome: string; eventId?: string | null; ticketId?: string | null; scanId?: string | null; doorCode?: string | null }): Promise<void> {
  await sql`update sms_messages set outcome = ${r.outcome}, event_id = ${r.eventId ?? null}, ticket_id = ${r.ticketId ?? null},
    scan_id = ${r.scanId ?? null}, door_code = ${r.doorCode ?? null}, updated_at = now() where id = ${id}`.execute(trx);
}

/** Inbound messages from this sender on this channel since `since`, the current one included. */
export async function recentInboundCount(trx: Trx, channelId: string, phone: string, since: Date): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from sms_messages
    where channel_id = ${channelId} and phone = ${phone} and direction = 'in' and created_at >= ${since}`.execute(trx);
  return r.rows[0]?.n ?? 0;
}

/** Queues an outbound message; the SMS sender picks it up (and retries it). */
export async function queueOutbound(trx: Trx, r: { id: string; tenantId: string; channelId: string; kind: MessageKind; phone: string; body: string; replyTo: string | null; eventId?: string | null; ticketId?: string | null }): Promise<void> {
  await sql`insert into sms_messages (id, tenant_id, channel_id, direction, kind, phone, body, status, reply_to, event_id, ticket_id)
    values (${r.id}, ${r.tenantId}, ${r.channelId}, 'out', ${r.kind}, ${r.phone}, ${r.body}, 'queued', ${r.replyTo},
      ${r.eventId ?? null}, ${r.ticketId ?? null})`.execute(trx);
}

export async function listMessages(trx: Trx, channelId: string, opts: { direction?: 'in' | 'out' | undefined; limit: number; before?: Date | undefined }): Promise<MessageRow[]> {
  return (await sql<MessageRow>`select * from sms_messages where channel_id = ${channelId}
    and (${opts.direction ?? null}::text is null or direction = ${opts.direction ?? null})
    and (${opts.before ?? null}::timestamptz is null or created_at < ${opts.before ?? null})
    order by created_at desc, id desc limit ${opts.limit}`.execute(trx)).rows;
}

export interface DoorCodeRow {
  scan_id: string; phone: string; at: Date; verdict: string; reason: string; gate: string | null;
  serial: number; holder_name: string; type_name: string;
}

/** SMS check-ins of an event carrying this door code (a code is 4 characters: rarely, two share one). */
export async function checkInsByDoorCode(trx: Trx, eventId: string, doorCode: string): Promise<DoorCodeRow[]> {
  return (await sql<DoorCodeRow>`select m.scan_id, m.phone, s.effective_time as at, s.verdict, s.reason, g.name as gate,
      t.serial, t.holder_name, tt.name as type_name
    from sms_messages m join scans s on s.id = m.scan_id join tickets t on t.id = m.ticket_id
    join ticket_types tt on tt.id = t.ticket_type_id left join gates g on g.id = s.gate_id
    where m.event_id = ${eventId} and m.door_code = ${doorCode} and m.direction = 'in'
    order by s.effective_time desc limit 5`.execute(trx)).rows;
}

// ----- the sender (asSystem: the queue of every organizer) -----

export interface ClaimedMessage extends MessageRow {
  provider: 'africastalking' | 'twilio'; number: string; language: string; ussd_code: string | null; credentials_enc: Uint8Array; token_enc: Uint8Array;
  /** A PIN message (kind 'pin', queued with no words yet): the ticket's PIN, its event, its holder's language. */
  pin: string | null; event_name: string | null; ticket_locale: string | null;
}

/** Claims due outbound messages: counts the attempt and leases them so no other sender takes them meanwhile. */
export async function claimDueMessages(trx: Trx, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const r = await sql<ClaimedMessage>`
    with due as (
      select m.id from sms_messages m where m.status = 'queued' and m.next_attempt_at <= now()
       order by m.next_attempt_at limit ${limit} for update of m skip locked
    )
    update sms_messages w set attempts = w.attempts + 1, next_attempt_at = now() + make_interval(secs => ${leaseMs / 1000}), updated_at = now()
      from due, sms_channels c
     where w.id = due.id and c.id = w.channel_id
    returning w.*, c.provider, c.number, c.language, c.ussd_code, c.credentials_enc, c.token_enc,
      (select t.pin from tickets t where t.id = w.ticket_id and w.kind = 'pin') as pin,
      (select e.name from events e where e.id = w.event_id and w.kind = 'pin') as event_name,
      -- The holder's language kept with the ticket, else the language their last email went out in.
      coalesce((select t.language from tickets t where t.id = w.ticket_id and w.kind = 'pin'),
        (select d.locale from email_deliveries d where d.ticket_id = w.ticket_id and w.kind = 'pin' order by d.attempted_at desc limit 1)) as ticket_locale`.execute(trx);
  return r.rows;
}

export async function recordSendOutcome(trx: Trx, id: string, o: { status: 'queued' | 'sent' | 'delivered' | 'failed'; providerId: string | null; error: string | null; retryInMs: number; body?: string }): Promise<void> {
  await sql`update sms_messages set status = ${o.status}, provider_message_id = coalesce(${o.providerId}, provider_message_id),
    body = coalesce(${o.body ?? null}, body),
    last_error = ${o.error}, next_attempt_at = now() + make_interval(secs => ${o.retryInMs / 1000}), updated_at = now()
    where id = ${id}`.execute(trx);
}

/**
 * A delivery report: the outbound message with this provider id on this channel moves to
 * delivered or failed (a late "sent" never undoes "delivered"). Returns whether a message matched.
 */
export async function applyDeliveryReport(trx: Trx, channelId: string, providerId: string, status: 'sent' | 'delivered' | 'failed', error: string | null): Promise<boolean> {
  const r = await sql`update sms_messages set status = ${status}, last_error = coalesce(${error}, last_error), updated_at = now()
    where channel_id = ${channelId} and direction = 'out' and provider_message_id = ${providerId}
      and not (status = 'delivered' and ${status} = 'sent')`.execute(trx);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/**
 * The log's retention (asSystem, every organizer's): deletes messages created more than
 * retentionDays ago, in bounded batches (the sender's housekeeping comes back for the rest). A
 * queued message is never deleted, however old: it is still waiting to be sent. Nothing references
 * a message row (scans, tickets and lockouts keep their own rows), so the delete cannot fail.
 */
export async function purgeOldMessages(trx: Trx, retentionDays: number, limit = 5000): Promise<number> {
  const r = await sql`delete from sms_messages where id in (
      select id from sms_messages where status <> 'queued'
         and created_at < now() - make_interval(days => ${retentionDays}) limit ${limit})`.execute(trx);
  return Number(r.numAffectedRows ?? 0);
}
