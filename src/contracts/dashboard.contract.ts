import { Type, type Static } from 'typebox';
import { Capacity, Instant, Nullable, TimeZone, Uuid } from './common.contract.ts';
import { DeviceReport } from './devices.contract.ts';
import { Direction, Reason, Verdict } from './scanning.contract.ts';

/**
 * An event's live figures. Every count comes from the scans table by the one "moved the ticket"
 * rule (core movedTicket, SQL karibu_moved_ticket) with undone scans taken out, so a refusal, a
 * duplicate read or an offline conflict never adds a person.
 */

/** The highest capacity threshold reached, in percent: 0, 80, 90 or 100. */
export const CapacityLevel = Type.Union([Type.Literal(0), Type.Literal(80), Type.Literal(90), Type.Literal(100)]);

const CapacityState = Type.Object({
  capacity: Capacity,
  insideNow: Type.Integer(),
  level: CapacityLevel,
});

const ZoneFigures = Type.Object({
  zoneId: Uuid,
  code: Type.String(),
  name: Type.String(),
  parentId: Nullable(Uuid),
  /** Inside through a gate of this zone or of a zone below it. */
  insideNow: Type.Integer(),
  capacity: Capacity,
  level: CapacityLevel,
});

const GateFigures = Type.Object({
  gateId: Uuid,
  name: Type.String(),
  zoneId: Uuid,
  entries: Type.Integer(),
  exits: Type.Integer(),
});

const TicketTypeFigures = Type.Object({
  ticketTypeId: Uuid,
  name: Type.String(),
  expected: Type.Integer(),
  checkedIn: Type.Integer(),
  insideNow: Type.Integer(),
});

/** A session (talk, workshop) and its room: counted from session scans only, never the event's. */
const SessionFigures = Type.Object({
  sessionId: Uuid,
  name: Type.String(),
  /** The room: a zone of the venue. */
  zoneId: Nullable(Uuid),
  startsAt: Instant,
  endsAt: Instant,
  capacity: Capacity,
  /** Tickets whose latest counted session movement is an entry. */
  insideNow: Type.Integer(),
  level: CapacityLevel,
  /** Tickets admitted to the session at least once. */
  attended: Type.Integer(),
  entries: Type.Integer(),
  exits: Type.Integer(),
});

const MinuteFigures = Type.Object({
  /** Start of the minute (UTC). Minutes with no movement are left out. */
  minute: Instant,
  entries: Type.Integer(),
  exits: Type.Integer(),
});

const NoShow = Type.Object({ ticketId: Uuid, code: Type.String(), holderName: Type.String(), ticketType: Type.String() });

const NoShows = Type.Object({
  /** 30 minutes after the event starts: before it, nobody is a no-show and count is null. */
  from: Instant,
  count: Nullable(Type.Integer()),
  /** The first 100 by name (managers only; door staff see the count). */
  tickets: Type.Array(NoShow),
});

const DeviceFigures = Type.Object({
  deviceId: Uuid,
  name: Type.String(),
  kind: Type.Union([Type.Literal('door'), Type.Literal('kiosk')]),
  lastSeenAt: Nullable(Instant),
  lastScanAt: Nullable(Instant),
  /** Scans recorded from this device for this event (online and uploaded). */
  scans: Type.Integer(),
  /** What the phone last said about itself (app version, scans waiting, battery, needs a look). */
  report: DeviceReport,
});

const FeedItem = Type.Object({
  scanId: Uuid,
  /** When the scan was made (an offline one at its scan time, corrected for the phone's clock). */
  at: Instant,
  verdict: Verdict,
  reason: Reason,
  direction: Direction,
  offline: Type.Boolean(),
  /** Whether the scan moved the ticket (a repeat, a refusal or a conflict did not). */
  counted: Type.Boolean(),
  gate: Nullable(Type.String()),
  device: Nullable(Type.String()),
  /** Full names for managers; initials ("A. O.") for door staff. */
  holder: Nullable(Type.String()),
  staff: Nullable(Type.String()),
});

/** An alert the event raised (once each): a capacity threshold reached, the no-shows counted. */
const Alert = Type.Object({
  kind: Type.Union([Type.Literal('capacity.threshold'), Type.Literal('attendance.no_shows')]),
  /** 80, 90 or 100 for capacity; 0 for no-shows. */
  threshold: Type.Integer(),
  /** The zone whose capacity it is; null for the event's. */
  zoneId: Nullable(Uuid),
  raisedAt: Instant,
  /** Capacity alerts: inside and capacity when it was raised. */
  insideNow: Nullable(Type.Integer()),
  capacity: Nullable(Type.Integer()),
  /** No-show alerts: how many had not come. */
  count: Nullable(Type.Integer()),
});

export const Dashboard = Type.Object({
  eventId: Uuid,
  name: Type.String(),
  timezone: TimeZone,
  doorsOpenAt: Instant,
  startsAt: Instant,
  endsAt: Instant,
  /** When these figures were read (the server's clock). */
  asOf: Instant,
  /** Valid tickets: who may still come. */
  expected: Type.Integer(),
  /** Tickets admitted at least once. */
  checkedIn: Type.Integer(),
  /** Tickets whose latest counted movement is an entry. */
  insideNow: Type.Integer(),
  entries: Type.Integer(),
  exits: Type.Integer(),
  capacity: CapacityState,
  byZone: Type.Array(ZoneFigures),
  byGate: Type.Array(GateFigures),
  byTicketType: Type.Array(TicketTypeFigures),
  /** The event's sessions, by start time. */
  sessions: Type.Array(SessionFigures),
  perMinute: Type.Array(MinuteFigures),
  noShows: NoShows,
  conflicts: Type.Object({ open: Type.Integer() }),
  alerts: Type.Array(Alert),
  /** The phones that need a look first, then those with scans waiting, then the latest seen: at most 50. */
  devices: Type.Array(DeviceFigures),
  /** Paired phones at the venue, listed or not. */
  devicesTotal: Type.Integer(),
  feed: Type.Array(FeedItem),
  /** 'full' for managers; 'door' for door staff: initials in the feed, no no-show names. */
  view: Type.Union([Type.Literal('full'), Type.Literal('door')]),
});
export type Dashboard = Static<typeof Dashboard>;
export type DashboardFeedItem = Static<typeof FeedItem>;

/** A reconnecting stream says which snapshot it holds (the SSE id of the last one it got). */
export const DashboardStreamHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ maxLength: 100, pattern: '^[0-9a-z.]+$' })),
});
