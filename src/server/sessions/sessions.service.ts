import { randomUUID } from 'node:crypto';
import type { SessionCreate, SessionPatch, SessionView } from '../../contracts/sessions.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { assertOrder, instant } from '../events/event-input.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import { DomainError } from '../shared/domain-error.ts';
import {
  deleteSession as deleteRow, findSession, insertSession, listSessions as listRows, lockEventWindow, updateSession as updateRow,
  sessionHasScans, zoneAtVenue, type SessionChanges, type SessionRow,
} from './sessions.repository.ts';
import { cpdChanges, cpdView } from './session-cpd.ts';

/**
 * Sessions of an event (talks, workshops): a room — a zone of the event's venue — and times within
 * the event, from doors open to its end. Scans at a room's door may name their session; such a
 * session is kept (attendance minutes and CPD credits rest on its scans), an unscanned one may go.
 */

const NO_EVENT = 'No such event.';
const NO_SESSION = 'No such session in this event.';

export function toSessionView(r: SessionRow): SessionView {
  return {
    id: r.id, eventId: r.event_id, name: r.name, zoneId: r.zone_id, startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(),
    capacity: r.capacity, ...cpdView(r), createdAt: r.created_at.toISOString(),
  };
}

type EventWindow = NonNullable<Awaited<ReturnType<typeof lockEventWindow>>>;

function checkWithinEvent(event: EventWindow, startsAt: Date, endsAt: Date): void {
  assertOrder(startsAt, endsAt, 'startsAt', 'endsAt');
  if (startsAt < event.doors_open_at || endsAt > event.ends_at) {
    throw new DomainError('validation_failed',
      `A session must lie within the event, from doors open (${event.doors_open_at.toISOString()}) to its end (${event.ends_at.toISOString()}).`,
      { field: startsAt < event.doors_open_at ? 'startsAt' : 'endsAt' });
  }
}

async function checkZone(trx: Trx, event: EventWindow, zoneId: string): Promise<void> {
  if (!(await zoneAtVenue(trx, event.venue_id, zoneId))) {
    throw new DomainError('unprocessable', 'zoneId is not a zone of the event’s venue.', { field: 'zoneId' });
  }
}

async function lockEvent(trx: Trx, eventId: string): Promise<EventWindow> {
  const event = await lockEventWindow(trx, eventId);
  if (!event) throw new DomainError('not_found', NO_EVENT);
  return event;
}

export async function listSessions(ctx: AppContext, caller: Caller, eventId: string, query: { limit?: number | undefined; cursor?: string | undefined }) {
  const limit = pageLimit(query.limit);
  const after = query.cursor ? decodePageCursor(query.cursor, ['number', 'string']) as [number, string] : null;
  const rows = await withTenant(ctx.db, caller.tenantId, (trx) => listRows(trx, eventId, limit, after));
  return pageOf(rows, limit, toSessionView, (r) => [r.starts_at.getTime(), r.id]);
}

export async function createSession(ctx: AppContext, caller: Caller, eventId: string, input: SessionCreate): Promise<SessionView> {
  const startsAt = instant(input.startsAt, 'startsAt');
  const endsAt = instant(input.endsAt, 'endsAt');
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', 'name must not be blank.', { field: 'name' });
  const id = randomUUID();
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    const event = await lockEvent(trx, eventId);
    checkWithinEvent(event, startsAt, endsAt);
    await checkZone(trx, event, input.zoneId);
    const cpd = await cpdChanges(trx, eventId, input);
    await insertSession(trx, {
      id, tenant_id: caller.tenantId, event_id: eventId, name, zone_id: input.zoneId, starts_at: startsAt, ends_at: endsAt, capacity: input.capacity ?? null,
      admits_ticket_type_ids: cpd.admits_ticket_type_ids ?? null, cpd_credits: cpd.cpd_credits ?? null, cpd_min_share: cpd.cpd_min_share ?? null,
    });
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'session.created', subjectId: id, detail: { ...actor.detail, eventId, zoneId: input.zoneId } });
    return toSessionView((await findSession(trx, eventId, id))!);
  });
}

export async function updateSession(ctx: AppContext, caller: Caller, eventId: string, sessionId: string, patch: SessionPatch): Promise<SessionView> {
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    const event = await lockEvent(trx, eventId);
    const current = await findSession(trx, eventId, sessionId);
    if (!current) throw new DomainError('not_found', NO_SESSION);
    const set: SessionChanges = {};
    if (patch.name !== undefined && patch.name.trim() !== current.name) {
      if (patch.name.trim() === '') throw new DomainError('validation_failed', 'name must not be blank.', { field: 'name' });
      set.name = patch.name.trim();
    }
    const startsAt = patch.startsAt !== undefined ? instant(patch.startsAt, 'startsAt') : current.starts_at;
    const endsAt = patch.endsAt !== undefined ? instant(patch.endsAt, 'endsAt') : current.ends_at;
    if (startsAt.getTime() !== current.starts_at.getTime() || endsAt.getTime() !== current.ends_at.getTime()) {
      checkWithinEvent(event, startsAt, endsAt);
      set.starts_at = startsAt;
      set.ends_at = endsAt;
    }
    if (patch.zoneId !== undefined && patch.zoneId !== current.zone_id) {
      await checkZone(trx, event, patch.zoneId);
      set.zone_id = patch.zoneId;
    }
    if (patch.capacity !== undefined && patch.capacity !== current.capacity) set.capacity = patch.capacity;
    Object.assign(set, await cpdChanges(trx, eventId, patch, current));
    await updateRow(trx, sessionId, set);
    if (Object.keys(set).length > 0) {
      const actor = caller.actor;
      await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'session.updated', subjectId: sessionId, detail: { ...actor.detail, eventId, fields: Object.keys(set) } });
    }
    return toSessionView((await findSession(trx, eventId, sessionId))!);
  });
}

export async function deleteSession(ctx: AppContext, caller: Caller, eventId: string, sessionId: string): Promise<void> {
  await withTenant(ctx.db, caller.tenantId, async (trx) => {
    await lockEvent(trx, eventId);
    const current = await findSession(trx, eventId, sessionId);
    if (!current) throw new DomainError('not_found', NO_SESSION);
    if (await sessionHasScans(trx, sessionId)) {
      throw new DomainError('conflict', 'This session has scans: its attendance and CPD credits rest on them, so it cannot be deleted.');
    }
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'session.deleted', subjectId: sessionId, detail: { ...actor.detail, eventId } });
    await deleteRow(trx, sessionId);
  });
}
