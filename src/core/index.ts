// Public API of the pure core. Server and web import from here (or from the individual modules).
export { BASE45_ALPHABET, decodeBase45, encodeBase45 } from './base45.ts';
export { constantTimeEqual } from './constant-time.ts';
export { ed25519PublicKey, nobleSign, nobleVerify } from './ed25519.ts';
export type { AsyncVerifyFn, SignFn, VerifyFn } from './ed25519.ts';
export {
  decodeTokenPayload,
  encodeTokenPayload,
  PAYLOAD_LENGTH,
  payloadErrors,
  SIGNATURE_LENGTH,
  TOKEN_VERSION,
} from './token-payload.ts';
export type { TokenPayload } from './token-payload.ts';
export {
  parseTicketToken,
  ROTATING_TOKEN_LENGTH,
  SIGNED_LENGTH,
  signTicketToken,
  STATIC_TOKEN_LENGTH,
  TOKEN_DIGEST_LENGTH,
  TOKEN_PREFIX,
  tokenDigest,
} from './token.ts';
export type { MalformedToken, ParsedToken } from './token.ts';
export { verifyTicketToken, verifyTicketTokenAsync } from './token-verify.ts';
export { checkTicketToken, checkTicketTokenAsync } from './token-checks.ts';
export type { KnownKey, TokenCheck, TokenCheckOptions } from './token-checks.ts';
export type {
  AsyncVerifyOptions,
  KeyInfo,
  KeyLookup,
  RotationCheck,
  TokenFailure,
  TokenFailureReason,
  TokenVerification,
  VerifiedToken,
  VerifyOptions,
} from './token-verify.ts';
export {
  appendRotatingCode,
  checkRotatingCode,
  DEFAULT_SKEW_STEPS,
  deriveRotationKey,
  ROTATING_CODE_LENGTH,
  ROTATION_SEPARATOR,
  ROTATION_STEP_MS,
  rotatingCode,
  rotationStep,
} from './rotation.ts';
export {
  checkHumanCodeInput,
  HUMAN_CODE_ALPHABET,
  isPinFormat,
  isValidHumanCode,
  makeHumanCode,
  makePin,
  normalizeHumanCode,
} from './codes.ts';
export type { HumanCodeInputCheck, HumanCodeInputStatus, RandomSource } from './codes.ts';
export { isReasonCode, REASON_CODES } from './reasons.ts';
export type { ReasonCode, Verdict } from './reasons.ts';
export { MAX_ZONE_DEPTH, zoneCovers, zoneParentsFromOrder, zoneTreeProblem } from './zones.ts';
export type { ZoneParents } from './zones.ts';
export { dayKey } from './day-key.ts';
export {
  makePolicy,
  POLICY_RULES_JSON_SCHEMA,
  POLICY_TEMPLATES,
  validatePolicy,
  validatePolicyRules,
} from './policy.ts';
export type { EventContext, Policy, PolicyRules, PolicyTemplateName, Validation } from './policy.ts';
export { ticketStateFromToken } from './ticket-state.ts';
export type { Direction, LastScan, Presence, Scan, TicketState, TicketStatus } from './ticket-state.ts';
export { decide } from './decide.ts';
export { decideSession, insideAfter, OUTSIDE_SESSION, sessionAdmits, sessionRunning } from './decide-session.ts';
export type { SessionDecision, SessionPresence, SessionRule, SessionScan } from './decide-session.ts';
export { movedTicket } from './moved-ticket.ts';
export type { RecordedScanFacts } from './moved-ticket.ts';
export { CAPACITY_THRESHOLDS, capacityLevel } from './capacity-level.ts';
export type { CapacityLevel } from './capacity-level.ts';
export type { Decision } from './decide.ts';
// Offline sync (docs/sync-protocol.md): manifest ticket block, sealed names, lookup keys, replay.
export { asciiBytes, base64UrlToBytes, bytesToBase64Url, utf8Decode, utf8Encode } from './sync-bytes.ts';
export { codeLookupKey, decodeName, encodeName, openSealedName, openSealedNote, pinLookupKey, sealName, sealNote } from './sync-seal.ts';
export type { SealedName, SealedNote, Sha256Fn } from './sync-seal.ts';
export { openSealedPhoto, sealPhoto } from './photo-seal.ts';
export { decodeTicketBlock, encodeTicketBlock, MANIFEST_DIGEST_LENGTH, TICKET_BLOCK_VERSION, TicketBlockError } from './sync-ticket-block.ts';
export type { BlockContext, ManifestRecord } from './sync-ticket-block.ts';
export { compareReplayOrder, lastMovementAt, reconcileScan, replayTimeline } from './sync-replay.ts';
export type { FreshScan, ReconcileOutcome, RecordedMove } from './sync-replay.ts';
export { isLanguage, languageOf, LANGUAGES, RTL_LANGUAGES } from './languages.ts';
export type { Language } from './languages.ts';
