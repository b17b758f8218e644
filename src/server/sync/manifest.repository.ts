import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/**
 * SQL of manifest pages. A page is read in one REPEATABLE READ transaction, so the rows and the
 * list of transactions still writing (pg_current_snapshot) describe the same instant — that is
 * what makes the cursor safe against transactions that commit out of sequence order.
 */

export interface SnapshotInfo {
  /** Transactions (xid8, decimal) that were writing when this transaction's snapshot was taken. */
  inFlight: string[];
  serverTime: number;
}

export async function snapshotInfo(trx: Trx): Promise<SnapshotInfo> {
  const { rows } = await sql<{ snap: string; now: number }>`
    select pg_current_snapshot()::text as snap, floor(extract(epoch from clock_timestamp()) * 1000)::bigint as now`.execute(trx);
  const snap = rows[0]!.snap;
  // Text form "xmin:xmax:xip,xip,…".
  const xip = snap.split(':')[2] ?? '';
  return { inFlight: xip === '' ? [] : xip.split(','), serverTime: Number(rows[0]!.now) };
}

/**
 * Lowest change position among rows written by transactions that were in flight at the previous
 * read (they have committed since, or are still in flight and invisible now).
 */
export async function lowestSeqWrittenBy(trx: Trx, eventId: string, xids: string[]): Promise<number | null> {
  if (xids.length === 0) return null;
  const { rows } = await sql<{ m: number | null }>`
    select min(seq) as m from ticket_changes where event_id = ${eventId} and xid = any(${xids}::xid8[])`.execute(trx);
  const m = rows[0]?.m;
  return m === null || m === undefined ? null : Number(m);
}

export interface ManifestTicketRow {
  id: string;
  serial: number;
  status: string;
  presence: string;
  entry_count: number;
  state: unknown;
  token_hash: Uint8Array | null;
  code: string;
  pin: string;
  holder_name: string;
  /** The ticket's own note for door staff (0029), sealed like the name in format 4. */
  attention_note: string | null;
  name_version: number;
  kid: number | null;
  change_seq: number;
  type_no: number;
  zone_codes: string[];
  valid_from: Date | null;
  valid_until: Date | null;
  /** A cached seal exists for the ticket's current token and name version. */
  seal_valid: boolean;
  seal_packed: boolean | null;
  seal_length: number | null;
  seal_ciphertext: Uint8Array | null;
}

/**
 * Tickets changed above position `after`, each once at its latest position, in change order, at
 * most `limit` of them (the change log: migrations/0008).
 */
export async function ticketsChangedAfter(trx: Trx, eventId: string, after: number, limit: number): Promise<ManifestTicketRow[]> {
  const { rows } = await sql<ManifestTicketRow>`
    with c as (
      select ticket_id, max(seq) as change_seq from ticket_changes
       where event_id = ${eventId} and seq > ${after}
       group by ticket_id order by change_seq limit ${limit}
    )
    select t.id, t.serial, t.status, t.presence, t.entry_count, t.state, t.token_hash, t.code, t.pin, t.holder_name,
           t.attention_note, t.name_version, t.kid, c.change_seq, tt.type_no, tt.zone_codes, tt.valid_from, tt.valid_until,
           coalesce(s.token_hash = t.token_hash and s.name_version = t.name_version, false) as seal_valid,
           s.packed as seal_packed, s.length as seal_length,
           case when s.token_hash = t.token_hash and s.name_version = t.name_version then s.ciphertext end as seal_ciphertext
      from c
      join tickets t on t.id = c.ticket_id
      join ticket_types tt on tt.id = t.ticket_type_id
      left join ticket_name_seals s on s.ticket_id = t.id
     order by c.change_seq`.execute(trx);
  return rows.map((r) => ({ ...r, change_seq: Number(r.change_seq), kid: r.kid === null ? null : Number(r.kid) }));
}

/**
 * The order group of each listed ticket that is not its order's first: serial → the lowest serial
 * of the event's tickets with the same order reference (sync format 3). Serials only grow and an
 * order reference is set at issuance, so an order's first serial never changes; a ticket that is
 * first (or alone) in its order gets no entry, since its group is its own serial.
 */
export async function orderLeads(trx: Trx, eventId: string, serials: number[]): Promise<Map<number, number>> {
  if (serials.length === 0) return new Map();
  const { rows } = await sql<{ serial: number; lead: number }>`
    select t.serial, (select min(o.serial) from tickets o where o.event_id = t.event_id and o.order_ref = t.order_ref) as lead
      from tickets t
     where t.event_id = ${eventId} and t.serial = any(${serials}::int4[]) and t.order_ref is not null`.execute(trx);
  const out = new Map<number, number>();
  for (const r of rows) if (Number(r.lead) < Number(r.serial)) out.set(Number(r.serial), Number(r.lead));
  return out;
}

export interface EventFacts { name: string; starts_at: Date; venue_id: string }

export function eventFacts(trx: Trx, eventId: string): Promise<EventFacts | undefined> {
  return trx.selectFrom('events').select(['name', 'starts_at', 'venue_id']).where('id', '=', eventId).executeTakeFirst();
}

export function deviceProfile(trx: Trx, deviceId: string) {
  return trx.selectFrom('devices').select(['id', 'kind', 'allow_offline_names', 'clock_offset_ms', 'revoked_at'])
    .where('id', '=', deviceId).executeTakeFirst();
}

export interface NewSeal {
  ticket_id: string; tenant_id: string; event_id: string; token_hash: Uint8Array; name_version: number;
  packed: boolean; length: number; ciphertext: Uint8Array;
}

/** Caches sealed names (one statement per 1,000). Last writer wins; validity is checked on read. */
export async function saveSeals(trx: Trx, seals: NewSeal[]): Promise<void> {
  for (let i = 0; i < seals.length; i += 1000) {
    await trx.insertInto('ticket_name_seals').values(seals.slice(i, i + 1000))
      .onConflict((oc) => oc.column('ticket_id').doUpdateSet((eb) => ({
        token_hash: eb.ref('excluded.token_hash'), name_version: eb.ref('excluded.name_version'),
        packed: eb.ref('excluded.packed'), length: eb.ref('excluded.length'), ciphertext: eb.ref('excluded.ciphertext'),
      })))
      .execute();
  }
}

/**
 * Records that the device was seen and, when measured (not undefined), its clock offset — null
 * for one too large to store (device-clock.ts).
 */
export async function touchDevice(trx: Trx, deviceId: string, clockOffsetMs: number | null | undefined): Promise<void> {
  await trx.updateTable('devices')
    .set(clockOffsetMs === undefined ? { last_seen_at: sql`now()` } : { last_seen_at: sql`now()`, clock_offset_ms: clockOffsetMs })
    .where('id', '=', deviceId).execute();
}

export interface ManifestSessionRow {
  id: string; name: string; zone: string | null; starts_at: Date; ends_at: Date; capacity: number | null;
  admits_ticket_type_ids: string[] | string | null; inside_now: number;
}

/**
 * The event's sessions for offline session check-in (format 5), with how many are inside each
 * now: the phone's starting count for a room, to which it adds its own scans until the next sync.
 */
export async function manifestSessions(trx: Trx, eventId: string): Promise<ManifestSessionRow[]> {
  const { rows } = await sql<ManifestSessionRow>`
    with last_move as (
      select distinct on (s.session_id, s.ticket_id) s.session_id,
             case when s.offline then s.server_reason else s.reason end as kind
        from scans s
       where s.event_id = ${eventId} and s.session_id is not null and s.ticket_id is not null
         and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
         and not exists (select 1 from scan_annulments a where a.scan_id = s.id)
       order by s.session_id, s.ticket_id, s.effective_time desc, s.id desc
    )
    select es.id, es.name, z.code as zone, es.starts_at, es.ends_at, es.capacity, es.admits_ticket_type_ids,
           (select count(*) from last_move l where l.session_id = es.id and l.kind = 'admitted')::int as inside_now
      from event_sessions es left join zones z on z.id = es.zone_id
     where es.event_id = ${eventId}
     order by es.starts_at, es.id`.execute(trx);
  return rows;
}
