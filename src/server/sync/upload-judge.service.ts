import {
  lastMovementAt, movedTicket, reconcileScan, replayTimeline,
  type ReasonCode, type RecordedMove, type TicketState, type Verdict,
} from '../../core/index.ts';
import type { Trx } from '../db/database.ts';
import type { ScanContext } from '../events/event-policy.service.ts';
import type { Direction } from '../db/schema.ts';
import { checkQr, ticketStateOf } from '../judging/check-in.service.ts';
import { targetOf, type ScanInput } from '../judging/scan-input.ts';
import { recordedMoves, type LockedTicket } from './upload.repository.ts';
import { judgeSessionScans, type PendingSessionScan } from './upload-session.service.ts';
import type { Judged, UploadScan } from './upload.types.ts';

export type { Judged, UploadScan } from './upload.types.ts';

/**
 * Judging one uploaded batch (docs/sync-protocol.md §5): token, ticket and gate checks, then the
 * decision engine per ticket in corrected time order — on the current state, or, for a phone that
 * synced late, by a full time-ordered replay of the ticket (core replayTimeline).
 */

export interface Lookups {
  bySerial: Map<number, LockedTicket>;
  byCode: Map<string, LockedTicket>;
  byPin: Map<string, LockedTicket>;
  /** This organizer's keys by id (RLS hides the others'). */
  keys: Map<number, { eventId: string; status: string }>;
  rotationSecret: Uint8Array | undefined;
  /** Ticket states as the batch advances them (id → state). */
  states: Map<string, TicketState>;
}

type Resolved = Judged | { pending: true; scan: UploadScan; at: number; ticket: LockedTicket; gate: { id: string; zone: string } };

/** Token, ticket and gate checks: a final refusal, or a scan of a known ticket for the engine. */
function resolve(eventId: string, scanCtx: ScanContext, scan: UploadScan, target: ReturnType<typeof targetOf>, at: number, l: Lookups): Resolved {
  const refuse = (reason: ReasonCode, ticket: LockedTicket | null = null): Judged => ({
    scan, at, ticket, serverVerdict: 'refused', serverReason: reason, conflict: scan.verdict !== 'refused', moved: false,
  });
  // As online and on the phone: a cancelled event refuses whatever was presented.
  if (scanCtx.policy.event.cancelled === true) return refuse('event_cancelled');
  if (target === 'malformed') return refuse('malformed');
  if (target === 'unknown') return refuse('unknown_ticket');
  let ticket: LockedTicket | undefined;
  if (scan.input.kind === 'qr') {
    const key = target.kid !== null ? l.keys.get(target.kid) : undefined;
    ticket = target.serial !== null ? l.bySerial.get(target.serial) : undefined;
    // The rotating code is checked at the moment of the scan (corrected), not at upload.
    const refusal = checkQr(scan.input.qr, eventId, {
      ownKeyEvent: key?.eventId ?? null, keyStatus: key?.status ?? null,
      tokenHash: ticket?.token_hash ?? null,
      allowStatic: ticket?.allow_static ?? false, rotationSecret: l.rotationSecret, at,
    });
    if (refusal) return refuse(refusal.reason, refusal.withTicket ? ticket ?? null : null);
    if (!ticket) return refuse('unknown_ticket'); // unreachable (checkQr refused it); narrows the type
  } else if (scan.input.kind === 'serial') {
    // Picked by name on a names-allowed phone (upload.service refuses others): no token to check.
    ticket = target.serial !== null ? l.bySerial.get(target.serial) : undefined;
    if (!ticket) return refuse('unknown_ticket');
  } else {
    ticket = target.code !== null ? l.byCode.get(target.code) : target.pin !== null ? l.byPin.get(target.pin) : undefined;
    if (!ticket) return refuse('unknown_ticket');
  }
  const gate = scanCtx.gates.get(scan.gateId);
  // A session scan may come from a room door that is no gate.
  if (scan.sessionId !== undefined && (scan.gateId === '' || gate)) return { pending: true, scan, at, ticket, gate: gate ?? { id: '', zone: '' } };
  // A gate of another venue: the scan happened, but no engine verdict can be given for it.
  if (!gate) return refuse('not_allowed', ticket);
  return { pending: true, scan, at, ticket, gate };
}

/**
 * Judges the batch's new scans (already in replay order). Per ticket: when a scan is older than
 * the ticket's last known movement (its phone synced late), the ticket's recorded moves and the
 * new scans are replayed together in time order (core replayTimeline); otherwise, or when that
 * replay would contradict a recorded judgment, each scan is judged on the current state in order.
 */
export async function judgeAll(
  trx: Trx, scanCtx: ScanContext, eventId: string, deviceId: string, fresh: { scan: UploadScan; index: number; at: number }[],
  targets: ReturnType<typeof targetOf>[], l: Lookups,
): Promise<Map<string, Judged>> {
  const judged = new Map<string, Judged>();
  const perTicket = new Map<string, Extract<Resolved, { pending: true }>[]>();
  const sessionScans: PendingSessionScan[] = [];
  for (const { scan, index, at } of fresh) {
    const r = resolve(eventId, scanCtx, scan, targets[index]!, at, l);
    if (!('pending' in r)) { judged.set(scan.scanId, r); continue; }
    // Session scans never touch the ticket's event state: judged per session, below.
    if (r.scan.sessionId !== undefined) { sessionScans.push({ scan: { ...r.scan, sessionId: r.scan.sessionId }, at: r.at, ticket: r.ticket }); continue; }
    const list = perTicket.get(r.ticket.id);
    if (list) list.push(r); else perTicket.set(r.ticket.id, [r]);
  }
  const current = new Map<string, TicketState>();
  const late: string[] = [];
  for (const [ticketId, list] of perTicket) {
    const state = ticketStateOf(eventId, list[0]!.ticket);
    current.set(ticketId, state);
    if (list[0]!.at < lastMovementAt(state)) late.push(ticketId);
  }
  const moves = new Map<string, RecordedMove[] | null>();
  for (const row of await recordedMoves(trx, late)) {
    if (moves.get(row.ticket_id) === null) continue;
    const gate = row.gate_id ? scanCtx.gates.get(row.gate_id) : undefined;
    if (!gate) { moves.set(row.ticket_id, null); continue; } // cannot be replayed: judge on the current state
    const list = moves.get(row.ticket_id) ?? [];
    list.push({ at: row.effective_time.getTime(), scanId: row.id, verdict: row.moved_verdict,
      scan: { eventId, gateId: gate.id, gateZone: gate.zone, direction: row.direction, deviceId: row.device_id } });
    moves.set(row.ticket_id, list);
  }

  for (const [ticketId, list] of perTicket) {
    const state = current.get(ticketId)!;
    // The uploading phone is the scans' device: its own repeats within the window are duplicates.
    const scanOf = (p: (typeof list)[number]) => ({ eventId, gateId: p.gate.id, gateZone: p.gate.zone, direction: p.scan.direction, deviceId });
    const recorded = late.includes(ticketId) ? moves.get(ticketId) ?? [] : undefined;
    const timeline = recorded ? replayTimeline(initialStateOf(state), recorded, list.map((p) => ({
      at: p.at, scanId: p.scan.scanId, scan: scanOf(p), deviceVerdict: p.scan.verdict,
    })), scanCtx.policy, state) : null;
    let s = state;
    list.forEach((p, i) => {
      const o = timeline ? timeline.outcomes[i]! : reconcileScan(s, scanOf(p), scanCtx.policy, p.at, p.scan.verdict);
      const moved = movedTicket({ offline: true, conflict: o.conflict, reason: p.scan.reason, serverReason: o.serverReason });
      if (!timeline) s = o.next;
      judged.set(p.scan.scanId, {
        scan: p.scan, at: p.at, ticket: p.ticket, serverVerdict: o.serverVerdict, serverReason: o.serverReason, conflict: o.conflict, moved,
      });
    });
    const next = timeline ? timeline.next : s;
    if (next !== state) l.states.set(ticketId, next);
  }
  await judgeSessionScans(trx, scanCtx, eventId, deviceId, sessionScans, judged);
  return judged;
}

/** The ticket before any scan: what a full replay starts from. */
function initialStateOf(s: TicketState): TicketState {
  const initial: TicketState = { eventId: s.eventId, serial: s.serial, typeNo: s.typeNo, status: s.status, presence: 'outside', entryCount: 0, zones: [...s.zones] };
  if (s.validFrom !== undefined) initial.validFrom = s.validFrom;
  if (s.validUntil !== undefined) initial.validUntil = s.validUntil;
  return initial;
}

