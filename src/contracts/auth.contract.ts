import { Type, type Static } from 'typebox';
import { Uuid } from './common.contract.ts';

/** Staff sign-in on the wire: tokens, and who the current credentials belong to. */

export const Role = Type.Union([Type.Literal('owner'), Type.Literal('admin'), Type.Literal('manager'), Type.Literal('staff')]);
export const DeviceKind = Type.Union([Type.Literal('door'), Type.Literal('kiosk')]);
/** Where a staff member may work: a venue, and one of its events or (null) all of them. */
export const Scope = Type.Object({ venueId: Uuid, eventId: Type.Union([Uuid, Type.Null()]) }, { additionalProperties: false });
export type Scope = Static<typeof Scope>;

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 3, maxLength: 254 }),
  password: Type.String({ minLength: 1, maxLength: 256 }),
  deviceToken: Type.Optional(Type.String({ maxLength: 128 })),
}, { additionalProperties: false });
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = Type.Object({ refreshToken: Type.String({ maxLength: 128 }) }, { additionalProperties: false });

export const TokenPair = Type.Object({
  accessToken: Type.String({ description: 'EdDSA JWT; send as `Authorization: Bearer …`' }),
  refreshToken: Type.String({ description: 'Opaque, single use: each refresh returns a new one' }),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' }),
  tokenType: Type.Literal('Bearer'),
  staff: Type.Object({ id: Uuid, displayName: Type.String(), role: Role, tenantId: Uuid }),
  device: Type.Union([Type.Object({ id: Uuid, venueId: Uuid, kind: DeviceKind, name: Type.String() }), Type.Null()]),
});
export type TokenPair = Static<typeof TokenPair>;

export const Session = Type.Object({
  kind: Type.Union([Type.Literal('staff'), Type.Literal('api_key')]),
  tenantId: Uuid,
  staffId: Type.Union([Uuid, Type.Null()]),
  apiKeyId: Type.Union([Uuid, Type.Null()]),
  role: Type.String(),
  device: Type.Union([Type.Object({ id: Uuid, venueId: Uuid, kind: DeviceKind }), Type.Null()]),
  scopes: Type.Union([Type.Literal('all'), Type.Array(Scope)]),
});
export type Session = Static<typeof Session>;
