// The checks a presented QR goes through before the decision engine, in ONE order for every
// verifier — the server online, the server replaying offline uploads, and the door phone — so the
// same QR gets the same reason wherever it is scanned:
//   1. parse                                        → malformed
//   2. key owner: the key id is not one of this event's → wrong_event
//   3. this event's key, revoked                    → revoked_key
//   4. ticket unknown                               → unknown_ticket
//   5. authenticity                                 → bad_signature
//   6. rotating code                                → code_expired
// Owner before revocation: a ticket of another event is "wrong event" whatever that event did
// with its keys, and nothing of another event's key (not even its signature) is checked here.
// "Not this event's key" covers another event of any organizer and a key id nobody has: a phone
// holds only its own events' keys (revoked ones included), so it cannot tell those apart — and
// neither does the server, so the same QR gets the same reason on both.
// Unknown before authenticity: a verifier that holds the issued ticket (the server, a phone with
// the manifest) authenticates by the held digest; one that does not hold it may — only when it is
// a phone whose list can be older than the ticket — accept a valid signature instead; a token
// that is neither held nor validly signed names no ticket (unknown_ticket), so the server (which
// never checks signatures) and the phone answer alike. bad_signature is a known ticket presented
// with other bytes (tampered, or superseded by a re-issue).
import type { AsyncVerifyFn, VerifyFn } from './ed25519.ts';
import type { ReasonCode } from './reasons.ts';
import { parseTicketToken } from './token.ts';
import type { TokenPayload } from './token-payload.ts';
import {
  verifyTicketToken, verifyTicketTokenAsync, type KeyInfo, type RotationCheck, type TokenVerification, type VerifiedToken,
} from './token-verify.ts';

/** What a verifier knows about one of the scanned event's keys. */
export interface KnownKey {
  /** The event the key belongs to (a key of another event is answered wrong_event). */
  eventId: string;
  revoked: boolean;
  /** Needed only by verifiers that fall back to the signature. */
  publicKey?: Uint8Array;
}

export interface TokenCheckOptions {
  /** The event being scanned. */
  eventId: string;
  /** The scanned event's key with this id (revoked ones too); undefined when it is none of them. */
  key: (kid: number) => KnownKey | undefined;
  /** Digest of the token issued for this serial of this event, when the verifier holds the ticket. */
  heldDigest: (payload: TokenPayload) => Uint8Array | undefined;
  /** A ticket not held may be authenticated by its signature (a phone: issued after its last sync). */
  signatureFallback: boolean;
  rotation?: RotationCheck;
  /** Epoch ms the QR was shown; required with `rotation`. */
  at?: number;
}

export type TokenCheck =
  | { ok: true; token: VerifiedToken; held: boolean }
  /** `payload` only once the ticket is authenticated (code_expired): it may then be named. */
  | { ok: false; reason: ReasonCode; payload?: TokenPayload };

type Pre = { done: TokenCheck } | { done?: undefined; key: KeyInfo; held: Uint8Array | undefined };

function precheck(text: string, o: TokenCheckOptions): Pre {
  const parsed = parseTicketToken(text);
  if (!parsed.ok) return { done: { ok: false, reason: 'malformed' } };
  const key = o.key(parsed.payload.kid);
  if (!key || key.eventId !== o.eventId) return { done: { ok: false, reason: 'wrong_event' } };
  if (key.revoked) return { done: { ok: false, reason: 'revoked_key' } };
  const held = o.heldDigest(parsed.payload);
  if (!held && !o.signatureFallback) return { done: { ok: false, reason: 'unknown_ticket' } };
  return { key: { publicKey: key.publicKey ?? new Uint8Array(32), eventId: key.eventId }, held };
}

function finish(v: TokenVerification, held: Uint8Array | undefined): TokenCheck {
  if (v.ok) return { ok: true, token: v, held: held !== undefined };
  if (v.reason === 'bad_signature' && !held) return { ok: false, reason: 'unknown_ticket' };
  return v.payload ? { ok: false, reason: v.reason, payload: v.payload } : { ok: false, reason: v.reason };
}

function verifyOptions(o: TokenCheckOptions, held: Uint8Array | undefined) {
  return { heldDigest: () => held, ...(o.rotation ? { rotation: o.rotation, at: o.at } : {}) };
}

/** The checks, synchronously (noble or an injected verifier for the signature fallback). */
export function checkTicketToken(text: string, o: TokenCheckOptions & { verify?: VerifyFn }): TokenCheck {
  const pre = precheck(text, o);
  if (pre.done) return pre.done;
  const key = pre.key;
  return finish(verifyTicketToken(text, () => key, { ...verifyOptions(o, pre.held), ...(o.verify ? { verify: o.verify } : {}) }), pre.held);
}

/** The same checks with an asynchronous signature check (WebCrypto on the phone). */
export async function checkTicketTokenAsync(text: string, o: TokenCheckOptions & { verify: AsyncVerifyFn | VerifyFn }): Promise<TokenCheck> {
  const pre = precheck(text, o);
  if (pre.done) return pre.done;
  const key = pre.key;
  return finish(await verifyTicketTokenAsync(text, () => key, { ...verifyOptions(o, pre.held), verify: o.verify }), pre.held);
}
