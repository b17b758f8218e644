import { Type, type Static } from 'typebox';
import { Capacity, Page, Text, TimeZone, Uuid } from './common.contract.ts';

/** Venues, their zone trees and their gates (`/api/v1/venues…`). */

const Name = Text(200);
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Radius = Type.Integer({ minimum: 1, maximum: 100_000, description: 'Metres around the point that count as the venue' });
const Address = Text(500);

export const Venue = Type.Object({
  id: Uuid,
  name: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  timezone: Type.String(),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  radiusMeters: Type.Union([Type.Integer(), Type.Null()]),
});
export type Venue = Static<typeof Venue>;
export const VenuePage = Page(Venue);

export const VenueCreate = Type.Object({
  name: Name,
  address: Type.Optional(Address),
  timezone: TimeZone,
  latitude: Type.Optional(Latitude),
  longitude: Type.Optional(Longitude),
  radiusMeters: Type.Optional(Radius),
}, { additionalProperties: false });
export type VenueCreate = Static<typeof VenueCreate>;

/** null clears an optional field. Latitude and longitude go together. */
export const VenuePatch = Type.Object({
  name: Type.Optional(Name),
  address: Type.Optional(Type.Union([Address, Type.Null()])),
  timezone: Type.Optional(TimeZone),
  latitude: Type.Optional(Type.Union([Latitude, Type.Null()])),
  longitude: Type.Optional(Type.Union([Longitude, Type.Null()])),
  radiusMeters: Type.Optional(Type.Union([Radius, Type.Null()])),
}, { additionalProperties: false });
export type VenuePatch = Static<typeof VenuePatch>;

export const VenueParams = Type.Object({ venueId: Uuid });

const ZoneCode = Type.String({ pattern: '^[A-Z][A-Z0-9_]{0,31}$', description: 'Upper case, e.g. VIP or ROOM_A; ticket types grant zones by code' });
const ZoneName = Text(100);

export const Zone = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  parentId: Type.Union([Uuid, Type.Null()], { description: 'The zone this one is inside; a grant of the parent covers this zone' }),
  /** People the zone holds (null: no limit of its own); the dashboard alerts at 80 / 90 / 100 %. */
  capacity: Capacity,
});
export type Zone = Static<typeof Zone>;
export const ZonePage = Page(Zone);

export const ZoneCreate = Type.Object({
  code: ZoneCode,
  name: ZoneName,
  parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  capacity: Type.Optional(Capacity),
}, { additionalProperties: false });
export type ZoneCreate = Static<typeof ZoneCreate>;

export const ZonePatch = Type.Object({
  code: Type.Optional(ZoneCode),
  name: Type.Optional(ZoneName),
  parentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  capacity: Type.Optional(Capacity),
}, { additionalProperties: false });
export type ZonePatch = Static<typeof ZonePatch>;

export const ZoneParams = Type.Object({ venueId: Uuid, zoneId: Uuid });

export const Gate = Type.Object({
  id: Uuid,
  name: Type.String(),
  zoneId: Uuid,
  zone: Type.String({ description: 'Code of the gate’s zone' }),
});
export type Gate = Static<typeof Gate>;
export const GatePage = Page(Gate);

export const GateCreate = Type.Object({
  name: Text(100),
  zoneId: Uuid,
}, { additionalProperties: false });
export type GateCreate = Static<typeof GateCreate>;

export const GatePatch = Type.Object({
  name: Type.Optional(Text(100)),
  zoneId: Type.Optional(Uuid),
}, { additionalProperties: false });
export type GatePatch = Static<typeof GatePatch>;

export const GateParams = Type.Object({ venueId: Uuid, gateId: Uuid });
