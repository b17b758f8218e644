import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { TicketStatus } from '../db/schema.ts';

/** SQL for issuance through the API and imports, idempotency keys and the ticket lifecycle. */

export interface TicketTypeRow { id: string; type_no: number; name: string; photo_check: boolean }

export function eventTicketTypes(trx: Trx, eventId: string): Promise<TicketTypeRow[]> {
  return trx.selectFrom('ticket_types').select(['id', 'type_no', 'name', 'photo_check']).where('event_id', '=', eventId).orderBy('type_no').execute();
}

export async function eventExists(trx: Trx, eventId: string): Promise<boolean> {
  return (await trx.selectFrom('events').select('id').where('id', '=', eventId).executeTakeFirst()) !== undefined;
}

/** A ticket with what its API view needs (QR re-rendered from kid/serial/type). */
export interface TicketViewRow {
  id: string; event_id: string; serial: number; code: string; pin: string; status: TicketStatus;
  holder_name: string; holder_email: string | null; holder_phone: string | null; order_ref: string | null;
  link_secret: string; kid: number | null; replaced_by: string | null; language: string | null; presence: 'outside' | 'inside'; entry_count: number;
  state: unknown; created_at: Date; updated_at: Date;
  ticket_type_id: string; type_no: number; type_name: string; valid_from: Date | null; valid_until: Date | null;
  attention_note: string | null;
  /** 0032: photo check — the type uses it, and a photo is on file (never the image itself). */
  photo_check: boolean; has_photo: boolean;
}

function viewQuery(trx: Trx) {
  return trx.selectFrom('tickets').innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id').select([
    'tickets.id', 'tickets.event_id', 'tickets.serial', 'tickets.code', 'tickets.pin', 'tickets.status', 'tickets.holder_name',
    'tickets.holder_email', 'tickets.holder_phone', 'tickets.order_ref', 'tickets.link_secret', 'tickets.kid', 'tickets.replaced_by', 'tickets.language',
    'tickets.presence', 'tickets.entry_count', 'tickets.state', 'tickets.created_at', 'tickets.updated_at', 'tickets.ticket_type_id', 'tickets.attention_note',
    'ticket_types.type_no', 'ticket_types.name as type_name', 'ticket_types.valid_from', 'ticket_types.valid_until', 'ticket_types.photo_check',
    (eb) => eb.exists(eb.selectFrom('ticket_photos').select('ticket_photos.ticket_id')
      .whereRef('ticket_photos.ticket_id', '=', 'tickets.id').where('ticket_photos.photo_enc', 'is not', null)).as('has_photo'),
  ]);
}

export async function ticketsForView(trx: Trx, ids: readonly string[]): Promise<TicketViewRow[]> {
  if (ids.length === 0) return [];
  const rows: TicketViewRow[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    rows.push(...await viewQuery(trx).where('tickets.id', 'in', ids.slice(i, i + 1000)).execute() as TicketViewRow[]);
  }
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is TicketViewRow => r !== undefined);
}

/** The ticket row locked for a lifecycle change (concurrent scans and changes wait for us). */
export async function lockTicket(trx: Trx, eventId: string, ticketId: string): Promise<TicketViewRow | undefined> {
  const locked = await trx.selectFrom('tickets').select('id').where('id', '=', ticketId).where('event_id', '=', eventId)
    .forUpdate().executeTakeFirst();
  if (!locked) return undefined;
  return (await viewQuery(trx).where('tickets.id', '=', ticketId).executeTakeFirst()) as TicketViewRow | undefined;
}

/** Status column and the engine state's status change together (they must never disagree). */
export async function setTicketStatus(trx: Trx, ticketId: string, status: TicketStatus, state: unknown, replacedBy?: string): Promise<void> {
  await trx.updateTable('tickets').set({
    status,
    state: JSON.stringify(state),
    updated_at: sql`now()`,
    ...(replacedBy ? { replaced_by: replacedBy } : {}),
  }).where('id', '=', ticketId).execute();
}

/** Holders of the event's valid tickets with any of these emails or phones (duplicate checks). */
export async function validHoldersMatching(trx: Trx, eventId: string, emails: string[], phones: string[]) {
  if (emails.length === 0 && phones.length === 0) return [];
  const out: { id: string; holder_name: string; holder_email: string | null; holder_phone: string | null }[] = [];
  for (let i = 0; i < Math.max(emails.length, phones.length); i += 1000) {
    const e = emails.slice(i, i + 1000);
    const p = phones.slice(i, i + 1000);
    out.push(...await trx.selectFrom('tickets').select(['id', 'holder_name', 'holder_email', 'holder_phone'])
      .where('event_id', '=', eventId).where('status', '=', 'valid')
      .where((w) => w.or([
        ...(e.length ? [w('holder_email', 'in', e)] : []),
        ...(p.length ? [w('holder_phone', 'in', p)] : []),
      ]))
      .execute());
  }
  return out;
}

// ----- idempotency keys -----

export interface IdempotencyRecord { request_hash: Uint8Array; ticket_ids: string[]; result: unknown }

/**
 * Claims (scope, key) for this transaction. Returns undefined when claimed — do the work, then
 * completeIdempotency — or the earlier, unexpired record to replay. A concurrent claimer of the
 * same key blocks on the primary key until the first transaction ends.
 */
export async function claimIdempotency(trx: Trx, tenantId: string, scope: string, key: string, hash: Uint8Array, ttlHours: number): Promise<IdempotencyRecord | undefined> {
  const inserted = await sql<{ key: string }>`
    INSERT INTO idempotency_keys (tenant_id, scope, key, request_hash, ticket_ids, expires_at)
    VALUES (${tenantId}, ${scope}, ${key}, ${hash}, '{}', now() + make_interval(hours => ${ttlHours}))
    ON CONFLICT (tenant_id, scope, key) DO UPDATE
      SET request_hash = excluded.request_hash, ticket_ids = '{}', result = '{}'::jsonb, created_at = now(),
          expires_at = excluded.expires_at
      WHERE idempotency_keys.expires_at <= now()
    RETURNING key`.execute(trx);
  if (inserted.rows.length > 0) return undefined;
  const existing = await trx.selectFrom('idempotency_keys').select(['request_hash', 'ticket_ids', 'result'])
    .where('tenant_id', '=', tenantId).where('scope', '=', scope).where('key', '=', key).executeTakeFirstOrThrow();
  return existing;
}

export async function completeIdempotency(trx: Trx, tenantId: string, scope: string, key: string, ticketIds: string[], result: Record<string, unknown>): Promise<void> {
  await trx.updateTable('idempotency_keys').set({ ticket_ids: ticketIds, result: JSON.stringify(result) })
    .where('tenant_id', '=', tenantId).where('scope', '=', scope).where('key', '=', key).execute();
}

/** A ticket's own note for door staff; null clears it (its type's note applies again). */
export async function setTicketAttentionNote(trx: Trx, ticketId: string, note: string | null): Promise<void> {
  await trx.updateTable('tickets').set({ attention_note: note, updated_at: sql`now()` }).where('id', '=', ticketId).execute();
}

/** The holder's language as they picked it on their page (emails and SMS replies use it). */
export async function setTicketLanguage(trx: Trx, ticketId: string, language: string): Promise<void> {
  await trx.updateTable('tickets').set({ language }).where('id', '=', ticketId).execute();
}
