import { Type, type Static } from 'typebox';
import { Instant, Uuid } from './common.contract.ts';

/** Managing an event's signing keys (`/api/v1/events/{eventId}/keys/…`). */

export const KeyStatus = Type.Union([Type.Literal('active'), Type.Literal('retired'), Type.Literal('revoked')]);

export const EventKeyView = Type.Object({
  /** The key id printed in every QR it signed. */
  kid: Type.Integer(),
  /** active: signs new tickets; retired: still verifies its tickets; revoked: its tickets are refused (revoked_key). */
  status: KeyStatus,
  createdAt: Instant,
  retiredAt: Type.Union([Instant, Type.Null()]),
  revokedAt: Type.Union([Instant, Type.Null()]),
});

export const EventKeysAnswer = Type.Object({
  /** The key new tickets are signed with. */
  activeKid: Type.Integer(),
  keys: Type.Array(EventKeyView),
  /** Revocation only: valid tickets signed by the revoked key, refused from now on until re-issued. */
  ticketsAffected: Type.Optional(Type.Integer()),
});
export type EventKeysAnswer = Static<typeof EventKeysAnswer>;

export const EventKeyParams = Type.Object({ eventId: Uuid, kid: Type.Integer({ minimum: 1, maximum: 4_294_967_295 }) });
