// The signed part of a ticket token: a fixed-length, versioned, big-endian binary record.
// Fixed length (no varints, no TLV) keeps parsing strict and trivially total — any other length is
// malformed — and makes the QR text length a constant that the tests can hold to the budget.
//
//   offset size field        notes
//   0      1    version      TOKEN_VERSION (1); signed, so it also separates token formats
//   1      4    kid          key id, u32, unique across the installation (so a kid names its event)
//   5      4    serial       ticket serial, u32, unique within the event
//   9      2    typeNo       ticket type number, u16, unique within the event
//   11     4    validFrom    unix seconds, u32, 0 = no lower bound
//   15     4    validUntil   unix seconds, u32, 0 = no upper bound
//   19          (end)        PAYLOAD_LENGTH = 19

export const TOKEN_VERSION = 1;
export const PAYLOAD_LENGTH = 19;
export const SIGNATURE_LENGTH = 64;
export const U32_MAX = 0xffffffff;
export const U16_MAX = 0xffff;

export interface TokenPayload {
  /** Key id of the event signing key (u32). */
  kid: number;
  /** Ticket serial, unique within the event (u32). */
  serial: number;
  /** Ticket type number within the event (u16). */
  typeNo: number;
  /** Unix seconds; 0 = valid from the beginning. */
  validFrom: number;
  /** Unix seconds; 0 = valid until the event's own end. */
  validUntil: number;
}

function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** Lists what is wrong with a payload before it is signed; empty when it can be encoded. */
export function payloadErrors(p: TokenPayload): string[] {
  const errors: string[] = [];
  if (!isUint(p.kid, U32_MAX)) errors.push('kid must be an integer in 0..2^32-1');
  if (!isUint(p.serial, U32_MAX)) errors.push('serial must be an integer in 0..2^32-1');
  if (!isUint(p.typeNo, U16_MAX)) errors.push('typeNo must be an integer in 0..65535');
  if (!isUint(p.validFrom, U32_MAX)) errors.push('validFrom must be unix seconds in 0..2^32-1');
  if (!isUint(p.validUntil, U32_MAX)) errors.push('validUntil must be unix seconds in 0..2^32-1');
  if (p.validFrom !== 0 && p.validUntil !== 0 && p.validUntil < p.validFrom) {
    errors.push('validUntil must not be before validFrom');
  }
  return errors;
}

/**
 * Encodes the payload bytes that get signed. Throws RangeError on out-of-range fields: that is a
 * bug in the issuer, never a runtime condition of scanning.
 */
export function encodeTokenPayload(p: TokenPayload): Uint8Array {
  const errors = payloadErrors(p);
  if (errors.length > 0) throw new RangeError(`invalid token payload: ${errors.join('; ')}`);
  const bytes = new Uint8Array(PAYLOAD_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, TOKEN_VERSION);
  view.setUint32(1, p.kid);
  view.setUint32(5, p.serial);
  view.setUint16(9, p.typeNo);
  view.setUint32(11, p.validFrom);
  view.setUint32(15, p.validUntil);
  return bytes;
}

/** Decodes exactly PAYLOAD_LENGTH bytes of a known version; null otherwise. Never throws. */
export function decodeTokenPayload(bytes: Uint8Array): TokenPayload | null {
  if (bytes.length !== PAYLOAD_LENGTH || bytes[0] !== TOKEN_VERSION) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const payload: TokenPayload = {
    kid: view.getUint32(1),
    serial: view.getUint32(5),
    typeNo: view.getUint16(9),
    validFrom: view.getUint32(11),
    validUntil: view.getUint32(15),
  };
  // Accept exactly what encodeTokenPayload can produce, so decode ∘ encode is a bijection.
  return payloadErrors(payload).length === 0 ? payload : null;
}
