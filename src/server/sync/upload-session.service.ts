import { decideSession, type SessionPresence, type SessionRule, type TicketState, type Verdict } from '../../core/index.ts';
import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import { ticketStateOf } from '../judging/check-in.service.ts';
import { sessionRuleOf } from '../judging/session-rule.ts';
import type { Judged, UploadScan } from './upload.types.ts';
import type { LockedTicket } from './upload.repository.ts';

/**
 * Offline session scans of an uploaded batch, reconciled by the same rule as gate scans: each is
 * judged again by the engine (core decideSession) at its corrected time, and a verdict that
 * differs from the phone's is a conflict that changes nothing. The room's head count at that
 * moment comes from the session's recorded moves plus the batch's agreed ones, so a room the phone
 * thought had space but that was full by then (other phones, online scans) is a conflict.
 * Sessions are locked (FOR UPDATE, id order) like online session scans take them, so uploads and
 * room doors take turns.
 */

export interface PendingSessionScan { scan: UploadScan & { sessionId: string }; at: number; ticket: LockedTicket }

interface Move { ticketId: string; at: number; kind: 'admitted' | 'exited'; gateId: string; deviceId: string | null }

export async function judgeSessionScans(
  trx: Trx, scanCtx: ScanContext, eventId: string, deviceId: string, pending: PendingSessionScan[], judged: Map<string, Judged>,
): Promise<void> {
  if (pending.length === 0) return;
  const ids = [...new Set(pending.map((p) => p.scan.sessionId))].sort();
  const { rows: sessions } = await sql<{ id: string; zone: string | null; starts_at: Date; ends_at: Date; capacity: number | null; admits_ticket_type_ids: string[] | string | null }>`
    select s.id, z.code as zone, s.starts_at, s.ends_at, s.capacity, s.admits_ticket_type_ids
      from event_sessions s left join zones z on z.id = s.zone_id
     where s.event_id = ${eventId}::uuid and s.id = any(${ids}::uuid[])
     order by s.id for update of s`.execute(trx);
  const rules = new Map<string, SessionRule>(sessions.map((s) => [s.id, sessionRuleOf(s, scanCtx)]));
  const { rows: recorded } = await sql<{ session_id: string; ticket_id: string; effective_time: Date; kind: 'admitted' | 'exited'; gate_id: string | null; device_id: string | null }>`
    select s.session_id, s.ticket_id, s.effective_time, s.gate_id, s.device_id,
           case when s.offline then s.server_reason else s.reason end as kind
      from scans s
     where s.session_id = any(${[...rules.keys()]}::uuid[]) and s.ticket_id is not null
       and karibu_moved_ticket(s.offline, s.conflict, s.reason, s.server_reason)
       and not exists (select 1 from scan_annulments a where a.scan_id = s.id)`.execute(trx);
  const moves = new Map<string, Move[]>([...rules.keys()].map((id) => [id, []]));
  for (const r of recorded) {
    moves.get(r.session_id)!.push({ ticketId: r.ticket_id, at: new Date(r.effective_time).getTime(), kind: r.kind, gateId: r.gate_id ?? '', deviceId: r.device_id });
  }

  for (const p of pending) {
    const rule = rules.get(p.scan.sessionId);
    const base = { scan: p.scan, at: p.at, ticket: p.ticket, moved: false };
    if (!rule) {
      // Not a session of this event: the scan happened, but no session verdict can be given.
      judged.set(p.scan.scanId, { ...base, serverVerdict: 'refused', serverReason: 'not_allowed', conflict: p.scan.verdict !== 'refused', session: null });
      continue;
    }
    const list = moves.get(rule.id)!;
    const state: TicketState = ticketStateOf(eventId, { ...p.ticket, zone_codes: p.ticket.zone_codes });
    const d = decideSession(state, standingAt(list, p.ticket.id, p.at), {
      eventId, sessionId: rule.id, gateId: scanCtx.gates.has(p.scan.gateId) ? p.scan.gateId : '', direction: p.scan.direction, deviceId,
    }, rule, scanCtx.policy, p.at, insideAt(list, p.at));
    const conflict = d.verdict !== p.scan.verdict;
    const moved = !conflict && (d.reason === 'admitted' || d.reason === 'exited');
    if (moved) list.push({ ticketId: p.ticket.id, at: p.at, kind: d.reason as 'admitted' | 'exited', gateId: p.scan.gateId, deviceId });
    judged.set(p.scan.scanId, { ...base, serverVerdict: d.verdict as Verdict, serverReason: d.reason, conflict, moved, session: rule.id });
  }
}

/** The latest move of each ticket at or before `at`. */
function latestAt(list: Move[], at: number): Map<string, Move> {
  const latest = new Map<string, Move>();
  for (const m of list) {
    if (m.at > at) continue;
    const seen = latest.get(m.ticketId);
    if (!seen || m.at >= seen.at) latest.set(m.ticketId, m);
  }
  return latest;
}

function insideAt(list: Move[], at: number): number {
  let n = 0;
  for (const m of latestAt(list, at).values()) if (m.kind === 'admitted') n++;
  return n;
}

function standingAt(list: Move[], ticketId: string, at: number): SessionPresence {
  const m = latestAt(list.filter((x) => x.ticketId === ticketId), at).get(ticketId);
  if (!m) return { presence: 'outside' };
  const direction = m.kind === 'admitted' ? 'in' as const : 'out' as const;
  return {
    presence: m.kind === 'admitted' ? 'inside' : 'outside',
    lastScan: { at: m.at, gateId: m.gateId, direction, verdict: m.kind, reason: m.kind, ...(m.deviceId ? { deviceId: m.deviceId } : {}) },
  };
}
