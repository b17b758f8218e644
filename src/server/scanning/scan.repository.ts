import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { Direction, Verdict } from '../db/schema.ts';
import type { LivePrincipalRow } from '../auth/principal.ts';

/**
 * SQL of a check-in. Two statements per scan besides BEGIN/COMMIT: one reads (and locks) the
 * target, one writes the scan row and the ticket's new state together. The read is a PL/pgSQL
 * function (migrations/0003) so its several lookups cost one round trip.
 */

/** Which ticket a scan names: at most one of serial / code / pin, plus the QR's key id. */
export interface TargetKey {
  kid: number | null;
  serial: number | null;
  code: string | null;
  pin: string | null;
}

/** What karibu_scan_target() returns: gate, key, the LOCKED ticket, and an earlier answer for the scan id. */
export interface TargetRow {
  gate_zone: string | null;
  key_event: string | null;
  key_status: string | null;
  ticket_id: string | null;
  serial: number | null;
  status: string | null;
  presence: string | null;
  entry_count: number | null;
  state: unknown;
  token_hash: Uint8Array | null;
  holder_name: string | null;
  type_no: number | null;
  type_name: string | null;
  zone_codes: string[] | null;
  allow_static: boolean | null;
  prior_event: string | null;
  prior_response: unknown;
}

export interface OpenRow extends TargetRow, LivePrincipalRow {
  event_venue: string | null;
}

/** In the caller's tenant transaction (withTenant): locks the ticket the scan names. */
export async function lockTarget(trx: Trx, eventId: string, scanId: string, gateId: string, key: TargetKey): Promise<TargetRow> {
  const { rows } = await sql<TargetRow>`select * from karibu_scan_target(${eventId}::uuid, ${scanId}::uuid, ${gateId}::uuid,
    ${key.kid}::bigint, ${key.serial}::integer, ${key.code}::text, ${key.pin}::text)`.execute(trx);
  return rows[0]!;
}

/**
 * First statement of an online scan transaction: enters the tenant (role + tenant for the rest of
 * the transaction), reads the live principal and locks the target. No row when the staff member
 * is not in the tenant.
 */
export async function openScan(
  trx: Trx, p: { tenantId: string; staffId: string; deviceId: string | null; sessionId: string },
  eventId: string, scanId: string, gateId: string, key: TargetKey,
): Promise<OpenRow | undefined> {
  const { rows } = await sql<OpenRow>`select * from karibu_scan_open(${p.tenantId}::uuid, ${p.staffId}::uuid, ${p.deviceId}::uuid,
    ${p.sessionId}::uuid, ${eventId}::uuid, ${scanId}::uuid, ${gateId}::uuid,
    ${key.kid}::bigint, ${key.serial}::integer, ${key.code}::text, ${key.pin}::text)`.execute(trx);
  return rows[0];
}

export interface ScanRecord {
  id: string;
  eventId: string;
  ticketId: string | null;
  deviceId: string | null;
  staffId: string | null;
  gateId: string;
  direction: Direction;
  inputKind: 'qr' | 'code' | 'pin' | 'sms' | 'kiosk' | 'search';
  verdict: Verdict;
  reason: string;
  deviceTime: Date | null;
  effectiveTime: Date;
  offline: boolean;
  conflict: boolean;
  serverVerdict: Verdict | null;
  serverReason: string | null;
  response: unknown;
  /** The ticket's state after the scan, when it changed (admitted / exited). */
  nextState: { state: unknown; presence: 'inside' | 'outside'; entryCount: number } | null;
}

/**
 * Writes the scan row and (when it changed) the ticket's state in one statement, so they commit
 * together. Returns false when the scan id already existed (a concurrent retry won): nothing was
 * written, the caller answers with the stored response.
 */
export async function recordScan(trx: Trx, r: ScanRecord): Promise<boolean> {
  const next = r.nextState;
  const { rows } = await sql<{ inserted: number }>`
    with ins as (
      insert into scans (id, tenant_id, event_id, ticket_id, device_id, staff_id, gate_id, direction, input_kind,
                         verdict, reason, device_time, effective_time, offline, conflict, server_verdict, server_reason, response)
      values (${r.id}::uuid, karibu_tenant(), ${r.eventId}::uuid, ${r.ticketId}::uuid, ${r.deviceId}::uuid, ${r.staffId}::uuid,
              ${r.gateId}::uuid, ${r.direction}, ${r.inputKind}, ${r.verdict}, ${r.reason}, ${r.deviceTime}::timestamptz,
              ${r.effectiveTime}::timestamptz, ${r.offline}, ${r.conflict}, ${r.serverVerdict}, ${r.serverReason},
              ${JSON.stringify(r.response)}::jsonb)
      on conflict (id) do nothing
      returning id
    ), upd as (
      update tickets set state = ${next ? JSON.stringify(next.state) : null}::jsonb, presence = ${next?.presence ?? 'outside'},
             entry_count = ${next?.entryCount ?? 0}, last_scan_at = ${r.effectiveTime}::timestamptz, updated_at = now()
       where ${next !== null} and id = ${r.ticketId}::uuid and exists (select 1 from ins)
      returning id
    )
    select (select count(*) from ins)::int as inserted`.execute(trx);
  return (rows[0]?.inserted ?? 0) > 0;
}

/** The stored answer of a scan id, when visible in this tenant. */
export async function findPriorScan(trx: Trx, scanId: string): Promise<{ eventId: string; response: unknown } | undefined> {
  const row = await trx.selectFrom('scans').select(['event_id', 'response']).where('id', '=', scanId).executeTakeFirst();
  return row ? { eventId: row.event_id, response: row.response } : undefined;
}
