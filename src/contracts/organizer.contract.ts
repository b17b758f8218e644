import { Type, type Static } from 'typebox';
import { LANGUAGES } from '../core/languages.ts';
import { Text, TimeZone, Uuid } from './common.contract.ts';

/** The organizer (tenant), its onboarding and password-setup links. */

export { LANGUAGES };
export const Language = Type.Enum(LANGUAGES, { description: 'Language of messages to attendees and staff' });
const OrganizerName = Text(200);
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const PersonName = Text(200);
export const Password = Type.String({ minLength: 10, maxLength: 256, description: 'At least 10 characters' });

export const Organizer = Type.Object({
  id: Uuid,
  name: Type.String(),
  slug: Type.String(),
  defaultLanguage: Type.String(),
  defaultTimezone: Type.String(),
});
export type Organizer = Static<typeof Organizer>;

export const OrganizerPatch = Type.Object({
  name: Type.Optional(OrganizerName),
  defaultLanguage: Type.Optional(Language),
  defaultTimezone: Type.Optional(TimeZone),
}, { additionalProperties: false });
export type OrganizerPatch = Static<typeof OrganizerPatch>;

export const SignupBody = Type.Object({
  name: OrganizerName,
  ownerEmail: Email,
  ownerName: Type.Optional(PersonName),
  password: Type.Optional(Password),
  defaultLanguage: Type.Optional(Language),
  defaultTimezone: Type.Optional(TimeZone),
}, { additionalProperties: false });
export type SignupBody = Static<typeof SignupBody>;

const Owner = Type.Object({ id: Uuid, email: Type.String(), displayName: Type.String() });

/** 201: created and ready to sign in; 202: created, the owner must confirm the email first. */
export const SignupCreated = Type.Object({ organizer: Organizer, owner: Owner });
export const SignupPending = Type.Object({
  status: Type.Literal('confirm_email'),
  email: Type.String({ description: 'Where the link to confirm and set a password was sent (valid 24 h)' }),
});

export const PasswordSetupBody = Type.Object({
  token: Type.String({ minLength: 1, maxLength: 128, description: 'The secret of the link (after #token=)' }),
  password: Password,
}, { additionalProperties: false });
export type PasswordSetupBody = Static<typeof PasswordSetupBody>;

export const PasswordSetupDone = Type.Object({
  email: Type.String({ description: 'Sign in with this email and the new password' }),
  tenantId: Uuid,
});

export const SetupLinkBody = Type.Object({
  send: Type.Optional(Type.Boolean({ description: 'Also email the link to the person (needs SMTP_URL)' })),
}, { additionalProperties: false });
export type SetupLinkBody = Static<typeof SetupLinkBody>;

export const SetupLink = Type.Object({
  url: Type.String({ description: 'One-time link where the person sets a password; shown only in this answer' }),
  expiresAt: Type.String({ format: 'date-time' }),
  emailed: Type.Boolean(),
});
export type SetupLink = Static<typeof SetupLink>;
