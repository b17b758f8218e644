import { Type, type Static } from 'typebox';
import { DeviceKind } from './auth.contract.ts';
import { Instant, Nullable, Uuid } from './common.contract.ts';

/** Door phones and kiosks on the wire: setup codes, pairing, the list, the phone's own view. */

/** The battery as the phone's browser reports it (Battery Status API; absent on many browsers). */
export const Battery = Type.Object({
  level: Type.Number({ minimum: 0, maximum: 1, description: '0 (empty) to 1 (full)' }),
  charging: Type.Boolean(),
}, { additionalProperties: false });

/** Tickets changed since a phone's manifest are counted up to this many ("1000 or more"). */
export const MANIFEST_BACKLOG_CAP = 1000;

/** What the phone last said about itself; null fields until it has. */
export const DeviceReport = Type.Object({
  appVersion: Nullable(Type.String()),
  pendingScans: Nullable(Type.Integer({ description: 'Scans waiting in the phone to upload, as it last reported' })),
  battery: Nullable(Battery),
  /** When the phone last reported, i.e. last synced. */
  reportedAt: Nullable(Instant),
  /** Scans waiting and no report for 5 minutes: the phone may be offline with entries the counts miss. */
  needsAttention: Type.Boolean(),
  /** Where the phone's offline copy stands: the event, the change position it holds, and how many tickets changed since. */
  manifest: Nullable(Type.Object({
    eventId: Uuid,
    position: Type.Integer({ description: 'Highest ticket change position the phone\'s manifest holds (the manifest page\'s position)' }),
    changedSince: Type.Integer({ description: `Tickets of the event changed after that position, counted up to ${MANIFEST_BACKLOG_CAP} (0: up to date)` }),
  })),
});

export const Device = Type.Object({
  id: Uuid, venueId: Uuid, name: Type.String(), kind: DeviceKind,
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  allowOfflineNames: Type.Boolean(),
  report: DeviceReport,
});
export type Device = Static<typeof Device>;

export const SetupCodeBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  kind: Type.Optional(DeviceKind),
}, { additionalProperties: false });
export const SetupCodeAnswer = Type.Object({
  setupCode: Type.String(), qrText: Type.String(), expiresAt: Type.String({ format: 'date-time' }), venueId: Uuid, kind: DeviceKind,
});
export type SetupCodeAnswer = Static<typeof SetupCodeAnswer>;

export const PairBody = Type.Object({
  setupCode: Type.String({ minLength: 12, maxLength: 40 }),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
}, { additionalProperties: false });
export const PairAnswer = Type.Object({ deviceToken: Type.String(), device: Device });
export type PairAnswer = Static<typeof PairAnswer>;

export const DeviceListQuery = Type.Object({ venueId: Type.Optional(Uuid) });
export const DeviceList = Type.Object({ devices: Type.Array(Device) });
export type DeviceList = Static<typeof DeviceList>;

/** What a signed-in phone needs to start: its venue (with the time zone times are shown in), events, gates. */
export const DeviceHome = Type.Object({
  device: Device,
  venue: Type.Object({ id: Uuid, name: Type.String(), timezone: Type.String() }),
  events: Type.Array(Type.Object({
    id: Uuid, name: Type.String(), startsAt: Type.String({ format: 'date-time' }),
    endsAt: Type.String({ format: 'date-time' }), doorsOpenAt: Type.String({ format: 'date-time' }),
  })),
  gates: Type.Array(Type.Object({ id: Uuid, name: Type.String(), zone: Type.String({ description: 'Zone code (what the rules compare)' }), zoneName: Type.String() })),
});
export type DeviceHome = Static<typeof DeviceHome>;

/** A phone's report, sent after each sync round that worked (so its time is the phone's last sync). */
export const DeviceReportBody = Type.Object({
  appVersion: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z.+_-]+$' }),
  pendingScans: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  battery: Type.Optional(Nullable(Battery)),
  /** The manifest the phone holds: its event and the position of its last page (not the cursor). */
  manifest: Type.Optional(Nullable(Type.Object({
    eventId: Uuid,
    position: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  }, { additionalProperties: false }))),
}, { additionalProperties: false });
export type DeviceReportBody = Static<typeof DeviceReportBody>;
