import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { Direction, Verdict } from '../db/schema.ts';
import type { ScanRecord } from '../judging/judging.types.ts';

/**
 * Set-based SQL of one uploaded batch: a constant number of statements whatever its size (lock all
 * tickets, read earlier answers, read keys, insert all scans, update all states). All run in the
 * caller's tenant transaction.
 */

export interface LockedTicket {
  id: string;
  serial: number;
  code: string;
  pin: string;
  status: string;
  presence: string;
  entry_count: number;
  state: unknown;
  token_hash: Uint8Array | null;
  type_no: number;
  zone_codes: string[];
  allow_static: boolean;
}

/**
 * Locks every ticket of the event that the batch names (by serial, code or PIN) in one statement,
 * in id order: concurrent batches (and online scans) touching the same tickets queue instead of
 * deadlocking.
 */
export async function lockTickets(
  trx: Trx, eventId: string, keys: { serials: number[]; codes: string[]; pins: string[] },
): Promise<LockedTicket[]> {
  if (keys.serials.length + keys.codes.length + keys.pins.length === 0) return [];
  const { rows } = await sql<LockedTicket>`
    select t.id, t.serial, t.code, t.pin, t.status, t.presence, t.entry_count, t.state, t.token_hash,
           tt.type_no, tt.zone_codes, tt.allow_static
      from tickets t join ticket_types tt on tt.id = t.ticket_type_id
     where t.id in (
             -- One indexed lookup per kind of key (an OR over the three would scan the event).
             select id from tickets where event_id = ${eventId} and serial = any(${keys.serials}::int[])
             union all select id from tickets where event_id = ${eventId} and code = any(${keys.codes}::text[])
             union all select id from tickets where event_id = ${eventId} and pin = any(${keys.pins}::text[]))
     order by t.id
       -- NO KEY UPDATE: what the UPDATE takes anyway; unlike FOR UPDATE it does not block other
       -- transactions inserting scans that reference these tickets (foreign-key KEY SHARE locks).
       for no key update of t`.execute(trx);
  return rows;
}

export interface PriorScan {
  id: string;
  event_id: string;
  offline: boolean;
  verdict: Verdict;
  reason: string;
  server_verdict: Verdict | null;
  server_reason: string | null;
  conflict: boolean;
  response: unknown;
}

/** Scans already recorded under these ids. Read after the lock, so a concurrent twin's commit is seen. */
export async function priorScans(trx: Trx, ids: string[]): Promise<PriorScan[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<PriorScan>`
    select id, event_id, offline, verdict, reason, server_verdict, server_reason, conflict, response
      from scans where id = any(${ids}::uuid[])`.execute(trx);
  return rows;
}

export async function keysByKid(trx: Trx, kids: number[]): Promise<Map<number, { eventId: string; status: string }>> {
  if (kids.length === 0) return new Map();
  const { rows } = await sql<{ kid: number; event_id: string; status: string }>`
    select kid, event_id, status from event_keys where kid = any(${kids}::bigint[])`.execute(trx);
  return new Map(rows.map((r) => [Number(r.kid), { eventId: r.event_id, status: r.status }]));
}

export interface NewScanRow {
  id: string;
  ticketId: string | null;
  gateId: string | null;
  direction: Direction;
  inputKind: ScanRecord['inputKind'];
  verdict: Verdict;
  reason: string;
  deviceTime: Date;
  effectiveTime: Date;
  conflict: boolean;
  serverVerdict: Verdict;
  serverReason: string;
  response: string;
  /** A session scan (0030): counted for the session, never for the event. */
  sessionId: string | null;
}

/**
 * Inserts offline scans in one statement per 2,000; returns the ids actually inserted. The rows
 * travel as one JSON document (json_to_recordset) rather than thirteen parameter arrays: pg's
 * per-element array escaping of 13,000 values cost more than the whole statement's JSON.
 */
export async function insertOfflineScans(
  trx: Trx, eventId: string, deviceId: string, staffId: string | null, rows: NewScanRow[],
): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (let i = 0; i < rows.length; i += 2000) {
    const chunk = JSON.stringify(rows.slice(i, i + 2000));
    const { rows: ids } = await sql<{ id: string }>`
      insert into scans (id, tenant_id, event_id, ticket_id, device_id, staff_id, gate_id, direction, input_kind, verdict, reason,
                         device_time, effective_time, offline, conflict, server_verdict, server_reason, response, session_id)
      select u.id, karibu_tenant(), ${eventId}::uuid, u."ticketId", ${deviceId}::uuid, ${staffId}::uuid, u."gateId", u.direction,
             u."inputKind", u.verdict, u.reason, u."deviceTime", u."effectiveTime", true, u.conflict, u."serverVerdict",
             u."serverReason", u.response::jsonb, u."sessionId"
        from json_to_recordset(${chunk}::json)
             as u(id uuid, "ticketId" uuid, "gateId" uuid, direction text, "inputKind" text, verdict text, reason text,
                  "deviceTime" timestamptz, "effectiveTime" timestamptz, conflict boolean, "serverVerdict" text,
                  "serverReason" text, response text, "sessionId" uuid)
      on conflict (id) do nothing
      returning id`.execute(trx);
    for (const r of ids) inserted.add(r.id);
  }
  return inserted;
}

export interface StateUpdate {
  id: string;
  state: string;
  presence: 'inside' | 'outside';
  entryCount: number;
  lastScanAt: Date;
}

/** Writes the new states of all changed tickets in one statement (rows as one JSON document). */
export async function updateTicketStates(trx: Trx, updates: StateUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await sql`
    update tickets t
       set state = u.state::jsonb, presence = u.presence, entry_count = u."entryCount",
           last_scan_at = greatest(t.last_scan_at, u."lastScanAt"), updated_at = now()
      from json_to_recordset(${JSON.stringify(updates)}::json)
           as u(id uuid, state text, presence text, "entryCount" integer, "lastScanAt" timestamptz)
     where t.id = u.id
       -- Lets the planner fetch the rows by primary key instead of hashing the whole table.
       and t.id = any(${updates.map((u) => u.id)}::uuid[])`.execute(trx);
}

export interface RecordedMoveRow {
  id: string;
  ticket_id: string;
  gate_id: string | null;
  device_id: string | null;
  direction: Direction;
  effective_time: Date;
  moved_verdict: Verdict;
}

/**
 * The scans that moved these tickets (karibu_moved_ticket: online admissions/exits, offline ones
 * the server agreed with), minus annulled ones: the recorded history a late upload is replayed into.
 */
export async function recordedMoves(trx: Trx, ticketIds: string[]): Promise<RecordedMoveRow[]> {
  if (ticketIds.length === 0) return [];
  const { rows } = await sql<RecordedMoveRow>`
    select s.id, s.ticket_id, s.gate_id, s.device_id, s.direction, s.effective_time,
           case when s.offline then s.server_verdict else s.verdict end as moved_verdict
      from scans s
     where s.ticket_id = any(${ticketIds}::uuid[]) and s.session_id is null
       and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
       and not exists (select 1 from scan_annulments a where a.scan_id = s.id)`.execute(trx);
  return rows;
}

/** Whether the tenant has an active webhook endpoint (skips building events nobody receives). */
export async function hasWebhookEndpoints(trx: Trx): Promise<boolean> {
  const row = await trx.selectFrom('webhook_endpoints').select('id').where('active', '=', true).limit(1).executeTakeFirst();
  return row !== undefined;
}
