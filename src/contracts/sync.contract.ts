import { Type, type Static } from 'typebox';
import { Uuid } from './common.contract.ts';
import { Direction, Reason, Verdict } from './scanning.contract.ts';

/** Offline sync on the wire: the manifest a door phone downloads, the batch of offline scans it uploads, conflicts. */

/** Tickets per manifest page unless the phone asks for another size. */
export const DEFAULT_PAGE = 10_000;
/** Offline scans per upload: a phone with more sends several batches. */
export const MAX_BATCH = 1000;

/** A device's clock reading: epoch milliseconds (what phones send) or an ISO date-time. */
export const DeviceInstant = Type.Union([Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 }), Type.String({ format: 'date-time' })]);
const Loose = Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true });

export const ManifestQuery = Type.Object({
  since: Type.Optional(Type.String({ maxLength: 16_000, description: 'Cursor of the last page stored; omit for a snapshot' })),
  limit: Type.Optional(Type.Integer({ minimum: 100, maximum: 20_000, default: DEFAULT_PAGE, description: 'Tickets per page' })),
  format: Type.Optional(Type.Union([Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)], { description: 'Sync format the phone reads (default 2); 3 adds order groups to names; 4 attention notes; 5 the event\'s sessions too' })),
});
export const ManifestPage = Type.Object({
  format: Type.Union([Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)], { description: 'Sync format (docs/sync-protocol.md): the one asked for; 2: policy.event.zoneParents is the zone tree; 3: names may carry order groups; 4: attention notes (types[].attentionNote, notes); 5: sessions' }),
  eventId: Uuid,
  full: Type.Boolean({ description: 'Part of a snapshot (else a delta)' }),
  reset: Type.Boolean({ description: 'First page of a snapshot: drop every ticket held for this event first' }),
  cursor: Type.String({ description: 'Send as ?since= for the next page and the next sync' }),
  more: Type.Boolean({ description: 'Another page is ready: ask again at once with cursor' }),
  position: Type.Integer({ description: 'Highest ticket change position delivered so far: what the phone reports as where its copy stands (the cursor stays opaque)' }),
  serverTime: Type.Integer(),
  device: Type.Object({ id: Uuid, kind: Type.String(), names: Type.Boolean(), clockOffsetMs: Type.Union([Type.Integer(), Type.Null()]) }),
  event: Loose,
  policy: Loose,
  gates: Type.Array(Type.Object({ id: Uuid, name: Type.String(), zone: Type.String() })),
  types: Type.Array(Loose),
  keys: Type.Array(Type.Object({ kid: Type.Integer(), publicKey: Type.String(), status: Type.String() })),
  rotation: Type.Optional(Type.Object({ secret: Type.String() })),
  ticketCount: Type.Integer(),
  tickets: Type.String({ description: 'base64url ticket block (docs/sync-protocol.md §2.3); decode with core decodeTicketBlock' }),
  names: Type.Optional(Type.Array(Type.Union([
    Type.Tuple([Type.Integer(), Type.String()]),
    // Format 3: the lowest serial of the ticket's order, when that is another ticket (an opaque group key).
    Type.Tuple([Type.Integer(), Type.String(), Type.Integer()]),
  ]))),
  // Format 4, door devices: each ticket's own note for staff, sealed under its QR like the name (decision 0009).
  notes: Type.Optional(Type.Array(Type.Tuple([Type.Integer(), Type.Integer({ description: 'name version' }), Type.String({ description: 'base64url sealed note' })]))),
  // Format 5: the event's sessions for check-in at room doors (every page carries all of them).
  sessions: Type.Optional(Type.Array(Type.Object({
    id: Uuid, name: Type.String(), zone: Type.Union([Type.String(), Type.Null()]),
    startsAt: Type.Integer(), endsAt: Type.Integer(), capacity: Type.Union([Type.Integer(), Type.Null()]),
    admitsTypeNos: Type.Union([Type.Array(Type.Integer()), Type.Null()]),
    insideNow: Type.Integer({ description: 'Inside the session when the page was cut' }),
  }))),
  removed: Type.Array(Type.Integer()),
});

export const UploadBody = Type.Object({
  sentAt: DeviceInstant,
  scans: Type.Array(Type.Object({
    scanId: Type.String({ format: 'uuid', description: 'Made by the device when it scanned; the idempotency key' }),
    qr: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    pin: Type.Optional(Type.String({ minLength: 1, maxLength: 10 })),
    serial: Type.Optional(Type.Integer({ minimum: 1, description: 'A ticket picked by name offline: only from devices allowed offline names' })),
    gateId: Type.Optional(Uuid),
    sessionId: Type.Optional(Type.String({ format: 'uuid', description: 'A scan at the door of this session\'s room (gateId then optional)' })),
    direction: Direction,
    scannedAt: DeviceInstant,
    verdict: Verdict,
    reason: Reason,
  }, { additionalProperties: false }), { minItems: 1, maxItems: MAX_BATCH }),
}, { additionalProperties: false });
export const UploadAnswer = Type.Object({
  serverTime: Type.Integer(),
  clockOffsetMs: Type.Integer(),
  results: Type.Array(Type.Object({
    scanId: Uuid,
    status: Type.Union([Type.Literal('accepted'), Type.Literal('conflict'), Type.Literal('duplicate')]),
    verdict: Verdict,
    reason: Reason,
    firstStatus: Type.Optional(Type.Union([Type.Literal('accepted'), Type.Literal('conflict')])),
    clockUnknown: Type.Optional(Type.Literal(true, { description: 'The scan\'s corrected time was impossible (its clock jumped); it was placed at arrival' })),
  })),
});

export const Conflict = Type.Object({
  scanId: Uuid, at: Type.String({ format: 'date-time' }), deviceTime: Type.Union([Type.String(), Type.Null()]),
  device: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  gate: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]),
  direction: Direction, deviceVerdict: Verdict, deviceReason: Type.String(), serverVerdict: Verdict, serverReason: Type.String(),
  ticket: Type.Union([Type.Object({ id: Uuid, serial: Type.Integer(), code: Type.String(), holderName: Type.String(), typeName: Type.String() }), Type.Null()]),
  counted: Type.Array(Type.Object({ scanId: Uuid, at: Type.String(), verdict: Verdict, deviceId: Type.Union([Uuid, Type.Null()]), offline: Type.Boolean() })),
  resolution: Type.Union([Type.Object({ at: Type.String(), by: Type.Union([Type.Object({ id: Uuid, name: Type.String() }), Type.Null()]), note: Type.String() }), Type.Null()]),
});

export type ManifestQuery = Static<typeof ManifestQuery>;
export type ManifestPage = Static<typeof ManifestPage>;
export type UploadBody = Static<typeof UploadBody>;
/** One offline scan as uploaded: the phone's raw clock and its own verdict. */
export type UploadedScan = UploadBody['scans'][number];
export type UploadAnswer = Static<typeof UploadAnswer>;
export type Conflict = Static<typeof Conflict>;
