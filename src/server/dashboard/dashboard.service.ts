import { capacityLevel } from '../../core/capacity-level.ts';
import type { ReasonCode } from '../../core/reasons.ts';
import type { Dashboard, DashboardFeedItem } from '../../contracts/dashboard.contract.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { reportView } from '../devices/device-report.ts';
import { manifestBacklog } from '../devices/device-report.repository.ts';
import { DomainError } from '../shared/domain-error.ts';
import { eventAlerts, type AlertRow } from './event-alerts.repository.ts';
import { sessionFigures, sessionFiguresOf, type SessionFigureRow } from './session-figures.ts';
import {
  findDashboardEvent, latestScans, moveFigures, openConflicts, venueDevices, venueZones,
  type DashboardEventRow, type DeviceRow, type FeedRow, type GateRow, type MoveFigures, type ZoneRow,
} from './dashboard.repository.ts';

/** A ticket is a no-show once the event has been running this long without it. */
export const NO_SHOW_AFTER_MS = 30 * 60_000;
const FEED_LENGTH = 50;
export const NO_SHOW_NAMES = 100;
const MAX_DEVICES = 50;

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** "Amina Okafor" → "A. O.": enough for door staff to match a face, not a guest list. */
export function initials(name: string | null): string | null {
  if (!name) return null;
  const parts = name.trim().split(/\s+/u).filter(Boolean);
  return parts.length === 0 ? null : parts.map((p) => `${[...p][0]!.toLocaleUpperCase()}.`).join(' ');
}

/**
 * Inside per zone: those who entered through a gate of the zone or of any zone below it (a guest in
 * the VIP lounge is also in the hall around it). Walks each gate's zone up the tree once.
 */
export function zoneFigures(zones: ZoneRow[], gates: GateRow[]): Dashboard['byZone'] {
  const byId = new Map(zones.map((z) => [z.id, z]));
  const inside = new Map<string, number>();
  for (const g of gates) {
    const seen = new Set<string>();
    for (let z = byId.get(g.zone_id); z && !seen.has(z.id); z = z.parent_id ? byId.get(z.parent_id) : undefined) {
      seen.add(z.id); // a cycle cannot be stored (venues/zone-tree.ts), but the walk must not hang on one
      inside.set(z.id, (inside.get(z.id) ?? 0) + g.inside_through);
    }
  }
  return zones.map((z) => {
    const insideNow = inside.get(z.id) ?? 0;
    return { zoneId: z.id, code: z.code, name: z.name, parentId: z.parent_id, insideNow, capacity: z.capacity, level: capacityLevel(insideNow, z.capacity) };
  });
}

/**
 * The phones a dashboard lists: those that need a look first, then those with scans waiting, then
 * the most recently seen — at most MAX_DEVICES, so a venue with hundreds of phones does not send
 * each dashboard hundreds of rows several times a second (devicesTotal says how many there are).
 */
function devicesShown(rows: DeviceRow[], now: number, backlog: Map<string, number>): Dashboard['devices'] {
  const shown = rows.map((d) => ({
    deviceId: d.device_id, name: d.name, kind: d.kind,
    lastSeenAt: d.last_seen_at?.toISOString() ?? null, lastScanAt: d.last_scan_at?.toISOString() ?? null, scans: d.scans,
    report: reportView(d, now, backlog.get(d.device_id)),
  }));
  const seen = (d: (typeof shown)[number]) => (d.lastSeenAt ? Date.parse(d.lastSeenAt) : 0);
  return shown.sort((a, b) => Number(b.report.needsAttention) - Number(a.report.needsAttention)
    || (b.report.pendingScans ?? 0) - (a.report.pendingScans ?? 0) || seen(b) - seen(a)).slice(0, MAX_DEVICES);
}

function feedItem(r: FeedRow): DashboardFeedItem {
  return {
    scanId: r.id, at: r.effective_time.toISOString(), verdict: r.verdict, reason: r.reason as ReasonCode, direction: r.direction,
    offline: r.offline, counted: r.counted, gate: r.gate, device: r.device,
    holder: r.holder, staff: r.staff,
  };
}

export type DashboardView = Dashboard['view'];

/** Door staff see how full and how fast, not a guest list: initials in the feed, no absentee names. */
export const viewFor = (role: string): DashboardView => (role === 'staff' ? 'door' : 'full');

/** The door view of full figures (computed once, shown to every door dashboard). */
export function doorView(d: Dashboard): Dashboard {
  return {
    ...d,
    view: 'door',
    noShows: { ...d.noShows, tickets: [] },
    feed: d.feed.map((f) => ({ ...f, holder: initials(f.holder), staff: initials(f.staff) })),
  };
}

/**
 * The event's figures, read in one repeatable-read transaction so they agree with each other (a
 * scan landing mid-read shows everywhere or nowhere).
 */
export async function readDashboard(ctx: AppContext, tenantId: string, eventId: string, view: DashboardView, now = new Date()): Promise<Dashboard> {
  const figures = await readFullDashboard(ctx, tenantId, eventId, now);
  return view === 'door' ? doorView(figures) : figures;
}

export async function readFullDashboard(ctx: AppContext, tenantId: string, eventId: string, now = new Date()): Promise<Dashboard> {
  return withTenant(ctx.db, tenantId, async (trx) => {
    const event = await readEvent(trx, eventId);
    const figures = await moveFigures(trx, eventId, event.venue_id, noShowsCounted(event, now) ? NO_SHOW_NAMES : 0);
    const parts = await readParts(trx, event);
    return assembleDashboard(event, now, figures, parts, await phoneList(trx, eventId, event.venue_id));
  }, { isolation: 'repeatable read' });
}

export async function readEvent(trx: Trx, eventId: string): Promise<DashboardEventRow> {
  const event = await findDashboardEvent(trx, eventId);
  if (!event) throw new DomainError('not_found', 'No such event.');
  return event;
}

/** When the event's no-shows start counting. */
export const noShowsFrom = (event: Pick<DashboardEventRow, 'starts_at'>): Date => new Date(event.starts_at.getTime() + NO_SHOW_AFTER_MS);
export const noShowsCounted = (event: Pick<DashboardEventRow, 'starts_at'>, now: Date): boolean => now >= noShowsFrom(event);

/** What the figures are shown with, cheap at any size (an index read or a handful of rows each). */
export interface DashboardParts { zones: ZoneRow[]; conflicts: number; feed: FeedRow[]; alerts: AlertRow[]; sessions: SessionFigureRow[] }

export async function readParts(trx: Trx, event: DashboardEventRow): Promise<DashboardParts> {
  return {
    zones: await venueZones(trx, event.venue_id),
    conflicts: await openConflicts(trx, event.id),
    feed: await latestScans(trx, event.id, FEED_LENGTH),
    alerts: await eventAlerts(trx, event.id),
    sessions: await sessionFigures(trx, event.id),
  };
}

/** The venue's phones, with how far behind this event's copy each one on this event is. */
export interface PhoneList { rows: DeviceRow[]; backlog: Map<string, number> }

export async function phoneList(trx: Trx, eventId: string, venueId: string): Promise<PhoneList> {
  const rows = await venueDevices(trx, eventId, venueId);
  // A phone on another event holds no copy of this one.
  const backlog = await manifestBacklog(trx, rows.filter((d) => d.manifest_event_id === eventId).map((d) => ({ ...d, id: d.device_id })));
  return { rows, backlog };
}

/** The dashboard from the move figures (read whole, or kept by the live ledger) and the rest. */
export function assembleDashboard(event: DashboardEventRow, now: Date, figures: MoveFigures, parts: DashboardParts, phones: PhoneList): Dashboard {
  const { types, gates, minutes, no_shows: absentCount, no_show_list: absent } = figures;
  const counting = noShowsCounted(event, now);
  const sum = (pick: (t: (typeof types)[number]) => number) => types.reduce((n, t) => n + pick(t), 0);
  const insideNow = sum((t) => t.inside_now);
  return {
    eventId: event.id, name: event.name, timezone: event.timezone,
    doorsOpenAt: event.doors_open_at.toISOString(), startsAt: event.starts_at.toISOString(), endsAt: event.ends_at.toISOString(),
    asOf: now.toISOString(),
    expected: sum((t) => t.expected), checkedIn: sum((t) => t.checked_in), insideNow,
    entries: sum((t) => t.entries), exits: sum((t) => t.exits),
    capacity: { capacity: event.capacity, insideNow, level: capacityLevel(insideNow, event.capacity) },
    byZone: zoneFigures(parts.zones, gates),
    byGate: gates.map((g) => ({ gateId: g.gate_id, name: g.name, zoneId: g.zone_id, entries: g.entries, exits: g.exits })),
    sessions: sessionFiguresOf(parts.sessions),
    byTicketType: types.map((t) => ({ ticketTypeId: t.ticket_type_id, name: t.name, expected: t.expected, checkedIn: t.checked_in, insideNow: t.inside_now })),
    perMinute: minutes.map((m) => ({ minute: m.minute, entries: m.entries, exits: m.exits })),
    noShows: {
      from: noShowsFrom(event).toISOString(), count: counting ? absentCount : null,
      tickets: counting ? absent.map((r) => ({ ticketId: r.ticket_id, code: r.code, holderName: r.holder_name, ticketType: r.ticket_type })) : [],
    },
    conflicts: { open: parts.conflicts },
    alerts: parts.alerts.map((a) => ({
      kind: a.kind, threshold: a.threshold, zoneId: a.zone_id, raisedAt: a.raised_at.toISOString(),
      insideNow: numberOrNull(a.detail.insideNow), capacity: numberOrNull(a.detail.capacity), count: numberOrNull(a.detail.count),
    })),
    devices: devicesShown(phones.rows, now.getTime(), phones.backlog),
    devicesTotal: phones.rows.length,
    feed: parts.feed.map(feedItem),
    view: 'full',
  };
}
