import { CAPACITY_THRESHOLDS, capacityLevel } from '../../core/capacity-level.ts';
import type { AppContext } from '../app-context.ts';
import { asSystem, withTenant } from '../db/database.ts';
import { enqueueWebhookEvent } from '../webhooks/webhook-outbox.ts';
import { insideNowCount, moveFigures, venueZones } from './dashboard.repository.ts';
import { NO_SHOW_AFTER_MS, zoneFigures } from './dashboard.service.ts';
import { eventAlerts, eventsToWatch, raiseAlert, type WatchedEvent } from './event-alerts.repository.ts';

/**
 * Alerts an organizer acts on, raised by watching the live events rather than from the scan path
 * (a door never waits for them): each capacity threshold the event reaches — 80, 90, 100 % by core
 * capacityLevel(), the rule the dashboard colours by — for the event and for each zone with a
 * capacity of its own, and the no-show count 30 minutes after the start. Each is recorded once per event (a unique row, so several instances raise it once) and
 * announced in the same transaction as a `capacity.threshold` / `attendance.no_shows` webhook.
 * A threshold is raised once: crowds ebb and flow around 80 %, and an alert every few minutes is
 * one organizers learn to ignore.
 */
export const ALERT_CHECK_MS = 5_000;

async function checkEvent(ctx: AppContext, e: WatchedEvent, now: Date): Promise<number> {
  return withTenant(ctx.db, e.tenant_id, async (trx) => {
    let raised = 0;
    // What is raised already is not counted for again: on a big event each count is a pass over
    // its scans, every ALERT_CHECK_MS, beside the doors.
    const done = new Set((await eventAlerts(trx, e.id)).map((a) => `${a.kind}.${a.zone_id ?? ''}.${a.threshold}`));
    const pending = (zoneId = '') => CAPACITY_THRESHOLDS.some((t) => !done.has(`capacity.threshold.${zoneId}.${t}`));
    if (e.capacity !== null && pending()) {
      const inside = await insideNowCount(trx, e.id);
      const level = capacityLevel(inside, e.capacity);
      for (const threshold of CAPACITY_THRESHOLDS.filter((t) => t <= level)) {
        const detail = { threshold, insideNow: inside, capacity: e.capacity, at: now.toISOString() };
        if (await raiseAlert(trx, { tenantId: e.tenant_id, eventId: e.id, kind: 'capacity.threshold', threshold, detail })) {
          await enqueueWebhookEvent(trx, e.tenant_id, 'capacity.threshold', { eventId: e.id, ...detail });
          raised++;
        }
      }
    }
    // A zone with a capacity of its own (a room, the lounge) alerts on the same steps.
    const zones = await venueZones(trx, e.venue_id);
    if (zones.some((z) => z.capacity !== null && pending(z.id))) {
      for (const z of zoneFigures(zones, (await moveFigures(trx, e.id, e.venue_id, 0)).gates)) {
        if (z.capacity === null) continue;
        for (const threshold of CAPACITY_THRESHOLDS.filter((t) => t <= z.level)) {
          const detail = { threshold, insideNow: z.insideNow, capacity: z.capacity, zone: { id: z.zoneId, code: z.code, name: z.name }, at: now.toISOString() };
          if (await raiseAlert(trx, { tenantId: e.tenant_id, eventId: e.id, kind: 'capacity.threshold', threshold, zoneId: z.zoneId, detail })) {
            await enqueueWebhookEvent(trx, e.tenant_id, 'capacity.threshold', { eventId: e.id, ...detail });
            raised++;
          }
        }
      }
    }
    const from = new Date(e.starts_at.getTime() + NO_SHOW_AFTER_MS);
    if (now >= from && !done.has('attendance.no_shows..0')) {
      const count = (await moveFigures(trx, e.id, e.venue_id, 0)).no_shows;
      const detail = { count, from: from.toISOString(), at: now.toISOString() };
      if (await raiseAlert(trx, { tenantId: e.tenant_id, eventId: e.id, kind: 'attendance.no_shows', threshold: 0, detail })) {
        await enqueueWebhookEvent(trx, e.tenant_id, 'attendance.no_shows', { eventId: e.id, ...detail });
        raised++;
      }
    }
    return raised;
  });
}

/** One look at every live event; returns the alerts this call raised. */
export async function checkEventAlerts(ctx: AppContext, now = new Date()): Promise<number> {
  const events = await asSystem(ctx.db, (trx) => eventsToWatch(trx, now));
  let raised = 0;
  for (const e of events) raised += await checkEvent(ctx, e, now);
  return raised;
}

/** The background watcher of one process: a check every ALERT_CHECK_MS, one at a time. */
export class EventAlertWatcher {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private failing = false;

  constructor(private readonly ctx: AppContext) {}

  start(everyMs = ALERT_CHECK_MS): void {
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      if (this.running || this.ctx.lifecycle.draining) return;
      this.running = checkEventAlerts(this.ctx).then(() => { this.failing = false; }, (err) => {
        // Once per outage: the database away is reported by everything else already.
        if (!this.failing) this.ctx.log.warn({ err }, 'event alerts could not be checked; trying again');
        this.failing = true;
      }).finally(() => { this.running = undefined; });
    }, everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
