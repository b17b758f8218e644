import { Type, type Static } from 'typebox';
import { Instant, Nullable, Uuid } from './common.contract.ts';

/**
 * SMS and USSD check-in on the wire: channels (`/api/v1/sms-channels`, manager), their message log
 * and test message, an event's SMS settings, the door-code lookup, and the provider callbacks
 * (`/api/v1/sms-hooks/…`, posted by Africa's Talking and Twilio as form bodies).
 */

export const SMS_PROVIDERS = ['africastalking', 'twilio'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];
/** Languages the SMS replies and keywords ship in (the app's languages). */
export const SMS_LANGUAGES = ['en', 'fr', 'sw', 'am', 'ar', 'pt'] as const;
export type SmsLanguage = (typeof SMS_LANGUAGES)[number];

export const SmsProviderSchema = Type.Union([Type.Literal('africastalking'), Type.Literal('twilio')]);
export const SmsLanguageSchema = Type.Union([Type.Literal('en'), Type.Literal('fr'), Type.Literal('sw'), Type.Literal('am'), Type.Literal('ar'), Type.Literal('pt')]);

const Number_ = Type.String({ pattern: '^\\+?[0-9]{3,15}$', description: 'The number (E.164, e.g. +254711000111) or shortcode (e.g. 20414) attendees text' });
const Secret = (description: string) => Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x21-\\x7E]+$', description });
const UssdCode = Type.String({ pattern: '^\\*[0-9]{2,6}(\\*[0-9]{1,8}){0,3}#$', maxLength: 40, description: 'Africa\'s Talking: the USSD code guests dial (e.g. *384*1234#); printed in the PIN SMS' });
const EventIds = Type.Array(Uuid, { minItems: 1, maxItems: 50, description: 'The events this channel checks guests in for' });

export const SmsChannelCreate = Type.Object({
  provider: SmsProviderSchema,
  number: Number_,
  username: Type.Optional(Secret('Africa\'s Talking: the app username (sandbox for the sandbox)')),
  apiKey: Type.Optional(Secret('Africa\'s Talking: the API key (never returned)')),
  accountSid: Type.Optional(Type.String({ pattern: '^AC[0-9a-fA-F]{32}$', description: 'Twilio: the account SID' })),
  authToken: Type.Optional(Secret('Twilio: the auth token (never returned; it also verifies X-Twilio-Signature)')),
  eventIds: EventIds,
  language: Type.Optional(SmsLanguageSchema),
  ussdCode: Type.Optional(UssdCode),
}, { additionalProperties: false });
export type SmsChannelCreate = Static<typeof SmsChannelCreate>;

export const SmsChannelPatch = Type.Object({
  number: Type.Optional(Number_),
  username: Type.Optional(Secret('Africa\'s Talking username')),
  apiKey: Type.Optional(Secret('Africa\'s Talking API key')),
  accountSid: Type.Optional(Type.String({ pattern: '^AC[0-9a-fA-F]{32}$' })),
  authToken: Type.Optional(Secret('Twilio auth token')),
  eventIds: Type.Optional(EventIds),
  language: Type.Optional(SmsLanguageSchema),
  /** null removes it. */
  ussdCode: Type.Optional(Nullable(UssdCode)),
}, { additionalProperties: false });
export type SmsChannelPatch = Static<typeof SmsChannelPatch>;

export const SmsChannelEvent = Type.Object({
  eventId: Uuid,
  name: Type.String(),
  code: Type.String({ description: 'What an attendee adds after the PIN when it matches tickets of several events (CHECKIN 482916 LTS)' }),
});

export const SmsChannel = Type.Object({
  id: Uuid,
  provider: SmsProviderSchema,
  number: Type.String(),
  language: SmsLanguageSchema,
  events: Type.Array(SmsChannelEvent),
  /** Where the provider posts incoming messages (paste into its dashboard). */
  inboundSmsUrl: Type.String(),
  /** Where the provider posts delivery reports. */
  deliveryReportUrl: Type.String(),
  /** Africa's Talking only: the USSD callback URL. */
  ussdUrl: Nullable(Type.String()),
  /** Africa's Talking only: the USSD code guests dial, as the organizer entered it. */
  ussdCode: Nullable(Type.String()),
  /** Which credentials are stored (their values are never returned). */
  credentials: Type.Object({ username: Nullable(Type.String()), accountSid: Nullable(Type.String()), secretSet: Type.Boolean() }),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SmsChannel = Static<typeof SmsChannel>;

export const SmsChannelList = Type.Object({ channels: Type.Array(SmsChannel) });
export const SmsChannelParams = Type.Object({ channelId: Uuid });

export const SmsMessageStatus = Type.Union([
  Type.Literal('received'), Type.Literal('queued'), Type.Literal('sent'), Type.Literal('delivered'), Type.Literal('failed'),
]);
export const SmsMessage = Type.Object({
  id: Uuid,
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  kind: Type.Union([Type.Literal('sms'), Type.Literal('ussd'), Type.Literal('test'), Type.Literal('pin')]),
  phone: Type.String({ description: 'The sender (in) or recipient (out)' }),
  body: Type.String(),
  status: SmsMessageStatus,
  providerMessageId: Nullable(Type.String()),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  /** Inbound: what the message came to (admitted, a refusal reason, ambiguous, rate_limited …). */
  outcome: Nullable(Type.String()),
  eventId: Nullable(Uuid),
  scanId: Nullable(Uuid),
  replyTo: Nullable(Uuid),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SmsMessage = Static<typeof SmsMessage>;

export const SmsMessageQuery = Type.Object({
  direction: Type.Optional(Type.Union([Type.Literal('in'), Type.Literal('out')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  before: Type.Optional({ ...Instant, description: 'Page: messages created before this time' }),
}, { additionalProperties: false });
export type SmsMessageQuery = Static<typeof SmsMessageQuery>;
export const SmsMessageList = Type.Object({ messages: Type.Array(SmsMessage) });

export const SmsTestBody = Type.Object({
  to: Type.String({ minLength: 3, maxLength: 32, description: 'A phone number (E.164, or national with the channel\'s country)' }),
  message: Type.Optional(Type.String({ minLength: 1, maxLength: 480, pattern: '^[^\\u0000-\\u0009\\u000B-\\u001F\\u007F]+$' })),
}, { additionalProperties: false });
export type SmsTestBody = Static<typeof SmsTestBody>;
export const SmsQueued = Type.Object({ messageId: Uuid });

export const SmsEventSettings = Type.Object({
  gateId: Nullable(Uuid, { description: 'The gate SMS check-ins are recorded at and guests are sent to; null: for each ticket, the first gate (by name) its zones pass' }),
  allowAnySender: Type.Boolean({ description: 'Accept a ticket\'s PIN from any phone, not only the phone on the ticket' }),
  pinSms: Type.Boolean({ description: 'Text each new ticket\'s PIN to its holder\'s phone at issuance' }),
}, { additionalProperties: false });
export type SmsEventSettings = Static<typeof SmsEventSettings>;
export const SmsEventSettingsView = Type.Object({
  ...SmsEventSettings.properties,
  /** The chosen SMS gate; null: each ticket goes to the first gate (by name) its zones pass. */
  gate: Nullable(Type.Object({ id: Uuid, name: Type.String() })),
  /** The PIN message as it would go out, and its length in SMS segments. */
  pinMessagePreview: Type.String(),
  segments: Type.Object({ encoding: Type.Union([Type.Literal('gsm7'), Type.Literal('ucs2')]), characters: Type.Integer(), segments: Type.Integer() }),
});
export type SmsEventSettingsView = Static<typeof SmsEventSettingsView>;

export const DoorCodeParams = Type.Object({ eventId: Uuid, doorCode: Type.String({ pattern: '^[2-9A-HJKMNP-Za-hjkmnp-z]{4}$' }) });
export const DoorCodeAnswer = Type.Object({
  checkIns: Type.Array(Type.Object({
    scanId: Uuid, at: Instant, verdict: Type.String(), reason: Type.String(), gate: Nullable(Type.String()),
    ticket: Type.Object({ serial: Type.Integer(), holderName: Type.String(), type: Type.String() }),
    phone: Type.String({ description: 'The sender, masked but its last three digits' }),
  })),
});
export type DoorCodeAnswer = Static<typeof DoorCodeAnswer>;

// ----- provider callbacks (form bodies, exactly as the providers post them) -----

export const HookParams = Type.Object({
  channelId: Uuid,
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});

/** Any form field is accepted (providers add fields over time); the service reads the ones it knows. */
const FormBody = Type.Record(Type.String({ maxLength: 100 }), Type.String({ maxLength: 2000 }), { maxProperties: 60 });
export const InboundSmsForm = FormBody;
export const DeliveryReportForm = FormBody;
export const UssdForm = FormBody;
