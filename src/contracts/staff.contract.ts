import { Type, type Static } from 'typebox';
import { Role, Scope } from './auth.contract.ts';
import { Nullable, Uuid } from './common.contract.ts';
import { Email, Password, PersonName } from './organizer.contract.ts';

/** Staff accounts on the wire (`/api/v1/staff`): roles, and the venues and events each may work. */

const Scopes = Type.Array(Scope, { maxItems: 200 });

export const StaffMember = Type.Object({
  id: Uuid, email: Type.String(), displayName: Type.String(), role: Role, active: Type.Boolean(), scopes: Type.Array(Scope),
});
export type StaffMember = Static<typeof StaffMember>;

export const StaffList = Type.Object({ staff: Type.Array(StaffMember) });

export const StaffCreate = Type.Object({
  email: Email,
  displayName: PersonName,
  role: Role,
  password: Type.Optional(Password),
  scopes: Type.Optional(Scopes),
}, { additionalProperties: false });
export type StaffCreate = Static<typeof StaffCreate>;

export const StaffCreated = Type.Intersect([StaffMember, Type.Object({
  password: Nullable(Type.String(), { description: 'The generated password, shown only in this answer; null when one was sent' }),
})]);
export type StaffCreated = Static<typeof StaffCreated>;

export const StaffPatch = Type.Object({
  displayName: Type.Optional(PersonName),
  role: Type.Optional(Role),
  active: Type.Optional(Type.Boolean()),
  scopes: Type.Optional(Scopes),
}, { additionalProperties: false });
export type StaffPatch = Static<typeof StaffPatch>;

export const StaffParams = Type.Object({ staffId: Uuid });
