// A session scan with no network: the same ticket checks as at a gate (presentOffline), then core
// decideSession on what this phone knows of the room — the head count at the last sync plus its
// own scans since, and where each ticket stands from its own scans. Another phone at the same room
// is not seen until the next sync; the server's replay of the upload settles it (a room that was
// full by then is a conflict).
import { decideSession, insideAfter, OUTSIDE_SESSION, type SessionPresence } from '../../../core/index.ts';
import type { OfflineInput } from '../../shared/scan-input.ts';
import type { ManifestSession } from './manifest-format.ts';
import { describe, presentOffline, type LocalVerdict, type OfflineDeps } from './offline-verdict.ts';
import type { EventReplica } from './replica.ts';

export interface OfflineSessionScan {
  input: OfflineInput;
  sessionId: string;
  direction: 'in' | 'out';
  at: number;
  deviceId?: string | null;
}

export interface LocalSessionVerdict extends LocalVerdict {
  /** Where the ticket stands in the session after the scan, when it moved; commit with commitSessionLocal. */
  standing?: SessionPresence;
  /** The room's head count as this phone reckons it, after the scan. */
  inside?: number;
}

export function sessionOf(replica: EventReplica, sessionId: string): ManifestSession | undefined {
  return replica.meta.sessions?.find((s) => s.id === sessionId);
}

/** The room's head count as this phone knows it. */
export function sessionInside(replica: EventReplica, sessionId: string): number {
  const s = sessionOf(replica, sessionId);
  return Math.max(0, (s?.insideNow ?? 0) + (replica.meta.sessionLocal?.[sessionId]?.change ?? 0));
}

/** Decides a session scan on the replica without changing it; null when the phone cannot (no manifest, unknown session). */
export async function decideSessionOffline(replica: EventReplica, scan: OfflineSessionScan, deps: OfflineDeps): Promise<LocalSessionVerdict | null> {
  const { policy, eventId } = replica.meta;
  const session = sessionOf(replica, scan.sessionId);
  if (!policy || !session) return null;
  if (policy.event.cancelled === true) return { verdict: 'refused', reason: 'event_cancelled' };
  const presented = await presentOffline(replica, scan, deps);
  if (!presented) return null;
  const inside = sessionInside(replica, session.id);
  if (presented.refusal) return { ...presented.refusal, inside };
  const { state, sealedName } = presented;
  const standing = state ? replica.meta.sessionLocal?.[session.id]?.standings[state.serial] ?? OUTSIDE_SESSION : OUTSIDE_SESSION;
  const d = decideSession(state, standing, {
    eventId, sessionId: session.id, gateId: '', direction: scan.direction, deviceId: scan.deviceId ?? null,
  }, session, policy, scan.at, inside);
  const result: LocalSessionVerdict = { verdict: d.verdict, reason: d.reason, inside: insideAfter(inside, d) };
  if (d.next !== standing) result.standing = d.next;
  if (sealedName) result.holderName = sealedName;
  return describe(replica, result, state?.serial, state?.typeNo) as LocalSessionVerdict;
}

/** Stores what a local session verdict moved: the ticket's standing and the room's count. */
export function commitSessionLocal(replica: EventReplica, sessionId: string, verdict: LocalSessionVerdict): void {
  if (!verdict.standing || verdict.serial === undefined) return;
  const all = replica.meta.sessionLocal ?? (replica.meta.sessionLocal = {});
  const local = all[sessionId] ?? (all[sessionId] = { change: 0, standings: {} });
  local.standings[verdict.serial] = verdict.standing;
  local.change += verdict.reason === 'admitted' ? 1 : verdict.reason === 'exited' ? -1 : 0;
}

/**
 * Follows the server's answer to an online session scan: its head count for the room (it sees
 * every door) and, when the scan moved the ticket, where the ticket now stands.
 */
export function adoptServerAnswer(
  replica: EventReplica, sessionId: string, answer: { reason: string; serial?: number; inside?: number; at: number; deviceId?: string | null },
): void {
  const all = replica.meta.sessionLocal ?? (replica.meta.sessionLocal = {});
  const local = all[sessionId] ?? (all[sessionId] = { change: 0, standings: {} });
  if (answer.inside !== undefined) local.change = answer.inside - (sessionOf(replica, sessionId)?.insideNow ?? 0);
  if (answer.serial === undefined || (answer.reason !== 'admitted' && answer.reason !== 'exited')) return;
  const kind = answer.reason;
  local.standings[answer.serial] = {
    presence: kind === 'admitted' ? 'inside' : 'outside',
    lastScan: { at: answer.at, gateId: '', direction: kind === 'admitted' ? 'in' : 'out', verdict: kind, reason: kind, ...(answer.deviceId ? { deviceId: answer.deviceId } : {}) },
  };
}
