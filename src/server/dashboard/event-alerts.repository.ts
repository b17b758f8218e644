import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL of event alerts: which events to watch, and each alert raised once. */

export interface WatchedEvent { id: string; tenant_id: string; venue_id: string; capacity: number | null; starts_at: Date }

/**
 * Published events whose doors are open and that have not been over for an hour (late uploads
 * still move the counts). Read as the system: the watcher serves every organizer.
 */
export async function eventsToWatch(trx: Trx, now: Date): Promise<WatchedEvent[]> {
  const { rows } = await sql<WatchedEvent>`
    select id, tenant_id, venue_id, capacity, starts_at from events
     where status = 'published' and doors_open_at <= ${now} and ends_at + interval '1 hour' > ${now}
     order by starts_at, id`.execute(trx);
  return rows;
}

export type AlertKind = 'capacity.threshold' | 'attendance.no_shows';

/** Records the alert unless it was raised already (by this or another instance); true when this call raised it. */
export async function raiseAlert(
  trx: Trx, a: { tenantId: string; eventId: string; kind: AlertKind; threshold: number; zoneId?: string; detail: Record<string, unknown> },
): Promise<boolean> {
  const result = await trx.insertInto('event_alerts').values({
    id: randomUUID(), tenant_id: a.tenantId, event_id: a.eventId, kind: a.kind, threshold: a.threshold,
    scope: a.zoneId ?? 'event', zone_id: a.zoneId ?? null, detail: JSON.stringify(a.detail),
  }).onConflict((oc) => oc.columns(['event_id', 'kind', 'threshold', 'scope']).doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export interface AlertRow { kind: AlertKind; threshold: number; zone_id: string | null; detail: Record<string, unknown>; raised_at: Date }

export async function eventAlerts(trx: Trx, eventId: string): Promise<AlertRow[]> {
  return trx.selectFrom('event_alerts').select(['kind', 'threshold', 'zone_id', 'detail', 'raised_at'])
    .where('event_id', '=', eventId).orderBy('raised_at').orderBy('threshold').execute();
}
