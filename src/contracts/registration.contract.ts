import { Type, type Static } from 'typebox';
import { Instant, Nullable, Uuid } from './common.contract.ts';
import { Slug } from './events.contract.ts';
import { HolderFields, PhoneRegion } from './tickets.contract.ts';

/** Free registration on the wire: the public page's API (`/api/v1/public/events/{slug}`) and the organizer's settings. */

export const SlugParams = Type.Object({ slug: Slug });

export const RegistrationState = Type.Union([
  Type.Literal('open'), Type.Literal('not_open_yet'), Type.Literal('closed'), Type.Literal('full'), Type.Literal('unavailable'),
]);
export type RegistrationState = Static<typeof RegistrationState>;

export const PublicEvent = Type.Object({
  slug: Type.String(), name: Type.String(), venue: Type.String(), timezone: Type.String(),
  startsAt: Instant, endsAt: Instant, doorsOpenAt: Instant,
  registration: Type.Object({
    state: RegistrationState,
    ticketType: Nullable(Type.String()),
    spotsLeft: Nullable(Type.Integer(), { description: 'null: no limit' }),
    emailDelivery: Type.Boolean({ description: 'true: the ticket is sent by email (the form answers "check your email")' }),
  }),
});
export type PublicEvent = Static<typeof PublicEvent>;

export const RegistrationBody = Type.Object({
  name: HolderFields.name,
  email: Type.String({ minLength: 3, maxLength: 254 }),
  phone: HolderFields.phone,
  phoneRegion: Type.Optional(PhoneRegion),
  locale: Type.Optional(Type.String({ maxLength: 35, description: 'Language of the ticket email (BCP 47)' })),
}, { additionalProperties: false });
export type RegistrationBody = Static<typeof RegistrationBody>;

/** 201, with email off: the ticket link itself. */
export const Registered = Type.Object({ status: Type.Literal('registered'), ticketUrl: Type.String() });
/** 202, with email on: the same answer for a new and a repeated address, so neither leaks. */
export const CheckEmail = Type.Object({ status: Type.Literal('check_email'), email: Type.String() });
export type RegistrationResult = Static<typeof Registered> | Static<typeof CheckEmail>;

export const RegistrationSettings = Type.Object({
  enabled: Type.Boolean(), ticketTypeId: Uuid,
  opensAt: Nullable(Instant),
  closesAt: Nullable(Instant),
  url: Type.String({ description: 'The public registration page' }),
});
export type RegistrationSettings = Static<typeof RegistrationSettings>;
export const MaybeRegistrationSettings = Nullable(RegistrationSettings, { description: 'null: the event has no registration settings' });

export const RegistrationSettingsBody = Type.Object({
  enabled: Type.Boolean(), ticketTypeId: Uuid,
  opensAt: Type.Optional(Nullable(Instant)),
  closesAt: Type.Optional(Nullable(Instant)),
}, { additionalProperties: false });
export type RegistrationSettingsBody = Static<typeof RegistrationSettingsBody>;
