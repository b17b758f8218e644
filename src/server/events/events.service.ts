import { randomBytes, randomUUID } from 'node:crypto';
import type { EventCreate, EventListQuery, EventPatch, EventView } from '../../contracts/events.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { asSystem, withTenant, type Trx } from '../db/database.ts';
import { scanContexts } from './scan-context.cache.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import { DomainError } from '../shared/domain-error.ts';
import { assertMayAtVenue, readableScopes, type Caller } from '../auth/caller.ts';
import { assertOrder, instant, isUniqueViolation, slugFrom } from './event-input.ts';
import { storedPolicyFromTemplate } from './event-policy.service.ts';
import {
  deleteEvent as deleteEventRow, eventHistory, findEvent, insertEvent, listEvents as listEventRows, missingZoneCodes, sessionsOutside,
  takenSlugs, updateEvent as updateEventRow, venueExists, zonesInUse, type EventChanges, type EventRow,
} from './events.repository.ts';

/**
 * Organizer-managed events (DESIGN.md §3): create, list, read, change, delete. Plain functions of
 * (ctx, caller, input) so the routes, the demo and the CLI share them. What door phones care about
 * (times, status, policy) is part of every manifest page, so a change reaches each phone with its
 * next delta; online scans on this instance see it at once (the scan context is dropped), on
 * other instances within the scan-context cache's few seconds.
 */

export type EventsDeps = AppContext;

const NO_EVENT = 'No such event.';
const NO_VENUE = 'No such venue.';
const DEFAULT_TEMPLATE = 'reentry-after-exit';

export function toEventView(row: EventRow): EventView {
  const policy = (typeof row.policy === 'string' ? JSON.parse(row.policy) : row.policy) as { template?: string | null } | null;
  return {
    id: row.id, name: row.name, slug: row.slug, venueId: row.venue_id, startsAt: row.starts_at.toISOString(), endsAt: row.ends_at.toISOString(),
    doorsOpenAt: row.doors_open_at.toISOString(), capacity: row.capacity, status: row.status, policyTemplate: policy?.template ?? null,
    ticketsIssued: row.tickets_issued, createdAt: row.created_at.toISOString(),
  };
}

/** Doors open no later than the start, the end after the start (400, naming the field). */
function checkTimes(t: { startsAt: Date; endsAt: Date; doorsOpenAt: Date }): void {
  assertOrder(t.startsAt, t.endsAt, 'startsAt', 'endsAt');
  if (t.doorsOpenAt.getTime() > t.startsAt.getTime()) {
    throw new DomainError('validation_failed', `doorsOpenAt (${t.doorsOpenAt.toISOString()}) must not be after startsAt (${t.startsAt.toISOString()}).`, { field: 'doorsOpenAt' });
  }
}

function slugTaken(slug: string): DomainError {
  return new DomainError('already_exists', `The slug "${slug}" is taken. Slugs are public (/e/{slug}/register) and unique across Karibu: choose another.`, { field: 'slug' });
}

/**
 * A free slug for a new event: the one asked for (409 when taken), or one made from the name with
 * the first free suffix. Looked up across organizers because registration pages are addressed by
 * slug alone; only "taken or not" is learnt.
 */
async function chooseSlug(db: EventsDeps['db'], asked: string | undefined, name: string): Promise<string> {
  if (asked) {
    if ((await asSystem(db, (trx) => takenSlugs(trx, [asked]))).has(asked)) throw slugTaken(asked);
    return asked;
  }
  const base = slugFrom(name);
  const candidates = [base, ...Array.from({ length: 8 }, (_, i) => `${base}-${i + 2}`)];
  const taken = await asSystem(db, (trx) => takenSlugs(trx, candidates));
  return candidates.find((c) => !taken.has(c)) ?? `${base}-${randomBytes(3).toString('hex')}`;
}

export async function createEvent(deps: EventsDeps, caller: Caller, input: EventCreate): Promise<EventView> {
  const startsAt = instant(input.startsAt, 'startsAt');
  const endsAt = instant(input.endsAt, 'endsAt');
  const doorsOpenAt = input.doorsOpenAt !== undefined ? instant(input.doorsOpenAt, 'doorsOpenAt') : startsAt;
  checkTimes({ startsAt, endsAt, doorsOpenAt });
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', 'name must not be blank.', { field: 'name' });
  const slug = await chooseSlug(deps.db, input.slug, name);
  const id = randomUUID();
  try {
    return await withTenant(deps.db, caller.tenantId, async (trx) => {
      if (!(await venueExists(trx, input.venueId))) throw new DomainError('not_found', NO_VENUE, { field: 'venueId' });
      assertMayAtVenue(caller, 'event:manage', input.venueId);
      const template = input.policyTemplate ?? DEFAULT_TEMPLATE;
      await insertEvent(trx, {
        id, tenant_id: caller.tenantId, venue_id: input.venueId, slug, name, starts_at: startsAt, ends_at: endsAt, doors_open_at: doorsOpenAt,
        capacity: input.capacity ?? null, policy: JSON.stringify(storedPolicyFromTemplate(template)), status: input.status ?? 'published',
      });
      // Signing key and rotation secret now, as provisioning has them: tickets can be issued and
      // phones can download the event's keys from the first minute.
      await deps.keys.ensureEventKeys(trx, caller.tenantId, id);
      const actor = caller.actor;
      await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'event.created', subjectId: id,
        detail: { ...actor.detail, venueId: input.venueId, slug, template, status: input.status ?? 'published' } });
      return toEventView((await findEvent(trx, id))!);
    });
  } catch (err) {
    if (isUniqueViolation(err, 'events_slug_key')) throw slugTaken(slug);
    throw err;
  }
}

export async function getEvent(deps: EventsDeps, caller: Caller, eventId: string): Promise<EventView> {
  const row = await withTenant(deps.db, caller.tenantId, (trx) => findEvent(trx, eventId));
  if (!row) throw new DomainError('not_found', NO_EVENT);
  return toEventView(row);
}

export async function listEvents(deps: EventsDeps, caller: Caller, query: EventListQuery): Promise<{ items: EventView[]; nextCursor: string | null }> {
  const from = query.from !== undefined ? instant(query.from, 'from') : undefined;
  const to = query.to !== undefined ? instant(query.to, 'to') : undefined;
  if (from && to && to < from) throw new DomainError('validation_failed', 'to must not be before from.', { field: 'to' });
  const after = query.cursor ? decodePageCursor(query.cursor, ['number', 'string']) as [number, string] : null;
  const limit = pageLimit(query.limit);
  const rows = await withTenant(deps.db, caller.tenantId, (trx) =>
    listEventRows(trx, { status: query.status, venueId: query.venueId, from, to }, readableScopes(caller), limit, after));
  return pageOf(rows, limit, toEventView, (r) => [r.starts_at.getTime(), r.id]);
}

export async function updateEvent(deps: EventsDeps, caller: Caller, eventId: string, patch: EventPatch): Promise<EventView> {
  try {
    const view = await withTenant(deps.db, caller.tenantId, async (trx) => {
      const current = await findEvent(trx, eventId, { forUpdate: true });
      if (!current) throw new DomainError('not_found', NO_EVENT);
      const next = {
        startsAt: patch.startsAt !== undefined ? instant(patch.startsAt, 'startsAt') : current.starts_at,
        endsAt: patch.endsAt !== undefined ? instant(patch.endsAt, 'endsAt') : current.ends_at,
        doorsOpenAt: patch.doorsOpenAt !== undefined ? instant(patch.doorsOpenAt, 'doorsOpenAt') : current.doors_open_at,
      };
      checkTimes(next);
      const set: EventChanges = {};
      if (patch.name !== undefined && patch.name.trim() !== current.name) {
        if (patch.name.trim() === '') throw new DomainError('validation_failed', 'name must not be blank.', { field: 'name' });
        set.name = patch.name.trim();
      }
      if (patch.slug !== undefined && patch.slug !== current.slug) set.slug = patch.slug;
      if (patch.status !== undefined && patch.status !== current.status) set.status = patch.status;
      if (patch.capacity !== undefined && patch.capacity !== current.capacity) {
        if (patch.capacity !== null && patch.capacity < current.tickets_issued) {
          throw new DomainError('conflict', `capacity ${patch.capacity} is below the ${current.tickets_issued} valid tickets already issued.`,
            { field: 'capacity', ticketsIssued: current.tickets_issued });
        }
        set.capacity = patch.capacity;
      }
      if (next.startsAt.getTime() !== current.starts_at.getTime()) set.starts_at = next.startsAt;
      if (next.endsAt.getTime() !== current.ends_at.getTime()) set.ends_at = next.endsAt;
      if (next.doorsOpenAt.getTime() !== current.doors_open_at.getTime()) set.doors_open_at = next.doorsOpenAt;
      if (set.starts_at || set.ends_at || set.doors_open_at) {
        const outside = await sessionsOutside(trx, eventId, next.doorsOpenAt, next.endsAt);
        if (outside > 0) {
          throw new DomainError('conflict', `${outside} session(s) would fall outside the event (doors open to end); move them first.`, { sessions: outside });
        }
      }
      if (patch.venueId !== undefined && patch.venueId !== current.venue_id) {
        await checkVenueMove(trx, caller, current, patch.venueId);
        set.venue_id = patch.venueId;
      }
      await updateEventRow(trx, eventId, set);
      if (Object.keys(set).length > 0) {
        const actor = caller.actor;
        await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'event.updated', subjectId: eventId,
          detail: { ...actor.detail, fields: Object.keys(set), ...(set.status ? { status: set.status, previousStatus: current.status } : {}) } });
      }
      return toEventView((await findEvent(trx, eventId))!);
    });
    return view;
  } catch (err) {
    if (patch.slug && isUniqueViolation(err, 'events_slug_key')) throw slugTaken(patch.slug);
    throw err;
  } finally {
    scanContexts(deps).invalidate(eventId);
  }
}

/**
 * Moving an event to another venue: only before any ticket exists (issued tickets were sold for a
 * place), and only where every zone its ticket types grant exists; sessions' rooms belong to the
 * old venue, so they must be moved or deleted first.
 */
async function checkVenueMove(trx: Trx, caller: Caller, current: EventRow, venueId: string): Promise<void> {
  if (!(await venueExists(trx, venueId))) throw new DomainError('not_found', NO_VENUE, { field: 'venueId' });
  assertMayAtVenue(caller, 'event:manage', venueId);
  const { tickets } = await eventHistory(trx, current.id);
  if (tickets > 0) throw new DomainError('conflict', `The event has ${tickets} ticket(s); it cannot move to another venue.`, { tickets });
  const used = await zonesInUse(trx, current.id);
  if (used.sessions > 0) throw new DomainError('conflict', `${used.sessions} session(s) take place in rooms of the current venue; move or delete them first.`, { sessions: used.sessions });
  const missing = await missingZoneCodes(trx, venueId, used.codes);
  if (missing.length > 0) {
    throw new DomainError('unprocessable', `The new venue has no zone ${missing.join(', ')}, which ticket types of this event grant.`, { field: 'venueId', zones: missing });
  }
}

/**
 * Deletes an event that never had a ticket or a scan. Anything with history is kept: the answer
 * says what it has and to archive it instead.
 */
export async function deleteEvent(deps: EventsDeps, caller: Caller, eventId: string): Promise<void> {
  await withTenant(deps.db, caller.tenantId, async (trx) => {
    const current = await findEvent(trx, eventId, { forUpdate: true });
    if (!current) throw new DomainError('not_found', NO_EVENT);
    const { tickets, scans } = await eventHistory(trx, eventId);
    if (tickets > 0 || scans > 0) {
      throw new DomainError('conflict',
        `The event has ${tickets} ticket(s) and ${scans} recorded scan(s), so it is kept; archive it instead (PATCH status "archived").`,
        { tickets, scans });
    }
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'event.deleted', subjectId: eventId, detail: { ...actor.detail, slug: current.slug } });
    await deleteEventRow(trx, eventId);
  });
  scanContexts(deps).invalidate(eventId);
}
