// Personal data in an offline manifest (docs/sync-protocol.md §2.4–2.5, decision 0003).
//
// A door phone stores the event's manifest; a lost phone must not leak the guest list. Each
// holder name is sealed under a key that only the ticket's own QR yields:
//
//   ikm        = payload ‖ signature of the ticket's current QR (the 83 bytes its base45 decodes to)
//   keystream  = HKDF-SHA256(ikm, salt "karibu-name-seal-v1",
//                            info eventId ‖ u32be(serial) ‖ u32be(nameVersion), L = |ciphertext|)
//   ciphertext = encodeName(name) XOR keystream
//
// The manifest holds only 8 bytes of SHA-256 of those 83 bytes (the held digest), so opening a
// record without its QR means guessing a 64-byte Ed25519 signature. Every (token, nameVersion)
// pair gets its own key stream and the server bumps nameVersion whenever a name changes, so a key
// stream never covers two different names. There is deliberately no tag (see decision 0003).
//
// Names are packed 5 bits per character when they are Title Case over a–z, space and - ' . , (most
// names are); anything else is stored as UTF-8. That halves the bytes per ticket, which is what
// keeps 100,000 tickets under the 3 MB manifest budget.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { asciiBytes, utf8Decode, utf8Encode } from './sync-bytes.ts';
import { parseTicketToken, SIGNED_LENGTH, type ParsedToken } from './token.ts';

export interface SealedName {
  /** The ticket's name version the record was sealed for (part of the key derivation). */
  nameVersion: number;
  /** 5-bit packed (true) or UTF-8 (false) plaintext. */
  packed: boolean;
  /** Characters when packed, bytes when UTF-8. */
  length: number;
  ciphertext: Uint8Array;
}

const SEAL_SALT = asciiBytes('karibu-name-seal-v1');
// 0 = space, 1–26 = a–z, then the punctuation names carry. 31 is unused.
const PACK_ALPHABET = ' abcdefghijklmnopqrstuvwxyz-\'.,';
const MAX_PACKED = 255;

function titleCase(lower: string): string {
  let out = '';
  let start = true;
  for (const ch of lower) {
    const isLetter = ch >= 'a' && ch <= 'z';
    out += start && isLetter ? ch.toUpperCase() : ch;
    start = !isLetter;
  }
  return out;
}

/** Plaintext bytes of a name: packed when it round-trips exactly, else UTF-8. */
export function encodeName(name: string): { packed: boolean; length: number; bytes: Uint8Array } {
  const lower = name.toLowerCase();
  const packable = name.length > 0 && name.length <= MAX_PACKED && titleCase(lower) === name
    && [...lower].every((ch) => PACK_ALPHABET.includes(ch));
  if (!packable) {
    const bytes = utf8Encode(name);
    return { packed: false, length: bytes.length, bytes };
  }
  const bytes = new Uint8Array(Math.ceil((lower.length * 5) / 8));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (const ch of lower) {
    acc = (acc << 5) | PACK_ALPHABET.indexOf(ch);
    bits += 5;
    while (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >>> bits) & 0xff;
    }
    acc &= (1 << bits) - 1;
  }
  if (bits > 0) bytes[o] = (acc << (8 - bits)) & 0xff;
  return { packed: true, length: lower.length, bytes };
}

/** Inverse of encodeName. */
export function decodeName(packed: boolean, length: number, bytes: Uint8Array): string {
  if (!packed) return utf8Decode(bytes);
  let out = '';
  let acc = 0;
  let bits = 0;
  let i = 0;
  while (out.length < length && (bits >= 5 || i < bytes.length)) {
    if (bits < 5) {
      acc = ((acc << 8) | bytes[i++]!) & 0xffff;
      bits += 8;
    }
    bits -= 5;
    out += PACK_ALPHABET[(acc >>> bits) & 31] ?? '?';
  }
  return titleCase(out);
}

/** Byte length of a sealed name's ciphertext, from its frame. */
export function sealedByteLength(packed: boolean, length: number): number {
  return packed ? Math.ceil((length * 5) / 8) : length;
}

function signedBytes(token: string | Pick<ParsedToken, 'payloadBytes' | 'signature'>): Uint8Array | null {
  const parsed = typeof token === 'string' ? parseTicketToken(token.trim()) : { ok: true as const, ...token };
  if (!parsed.ok) return null;
  const signed = new Uint8Array(SIGNED_LENGTH);
  signed.set(parsed.payloadBytes, 0);
  signed.set(parsed.signature, parsed.payloadBytes.length);
  return signed;
}

function keystream(signed: Uint8Array, eventId: string, serial: number, nameVersion: number, length: number, salt = SEAL_SALT): Uint8Array {
  if (length === 0) return new Uint8Array(0);
  const id = asciiBytes(eventId);
  const info = new Uint8Array(id.length + 8);
  info.set(id, 0);
  const view = new DataView(info.buffer);
  view.setUint32(id.length, serial);
  view.setUint32(id.length + 4, nameVersion);
  return hkdf(sha256, signed, salt, info, length);
}

/**
 * Seals a holder name under the ticket's token (server side). `token` is the QR text or its parsed
 * bytes; throws on a token that does not parse (the server only seals tokens it issued).
 */
export function sealName(
  name: string, token: string | Pick<ParsedToken, 'payloadBytes' | 'signature'>, eventId: string, serial: number, nameVersion: number,
): SealedName {
  const signed = signedBytes(token);
  if (!signed) throw new RangeError('sealName: token does not parse');
  const { packed, length, bytes } = encodeName(name);
  const ks = keystream(signed, eventId, serial, nameVersion, bytes.length);
  const ciphertext = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) ciphertext[i] = bytes[i]! ^ ks[i]!;
  return { nameVersion, packed, length, ciphertext };
}

/**
 * Opens a sealed name with the scanned QR (scanner side). Call it only after the QR matched the
 * record's held digest: without a tag, a wrong token yields a wrong name rather than an error.
 * Null when the token does not parse.
 */
export function openSealedName(
  sealed: SealedName, token: string | Pick<ParsedToken, 'payloadBytes' | 'signature'>, eventId: string, serial: number,
): string | null {
  const signed = signedBytes(token);
  if (!signed) return null;
  const ks = keystream(signed, eventId, serial, sealed.nameVersion, sealed.ciphertext.length);
  const plain = new Uint8Array(sealed.ciphertext.length);
  for (let i = 0; i < plain.length; i++) plain[i] = sealed.ciphertext[i]! ^ ks[i]!;
  return decodeName(sealed.packed, sealed.length, plain);
}

// Attention notes for door staff ("Uses a wheelchair — ramp gate") are sealed like names: the
// same ikm and info, another salt, so a note's key stream is independent of the name's. The
// server bumps nameVersion when the note changes too (migration 0029), so a key stream never
// covers two different notes. Notes are free text: UTF-8, no packing.
const NOTE_SALT = asciiBytes('karibu-note-seal-v1');

export interface SealedNote {
  /** The ticket's name version the note was sealed for. */
  nameVersion: number;
  ciphertext: Uint8Array;
}

function xorWith(bytes: Uint8Array, ks: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! ^ ks[i]!;
  return out;
}

/** Seals a ticket's attention note under its token (server side); throws on a token that does not parse. */
export function sealNote(
  note: string, token: string | Pick<ParsedToken, 'payloadBytes' | 'signature'>, eventId: string, serial: number, nameVersion: number,
): SealedNote {
  const signed = signedBytes(token);
  if (!signed) throw new RangeError('sealNote: token does not parse');
  const bytes = utf8Encode(note);
  return { nameVersion, ciphertext: xorWith(bytes, keystream(signed, eventId, serial, nameVersion, bytes.length, NOTE_SALT)) };
}

/** Opens a sealed note with the scanned QR, only after the QR matched the held digest (no tag). Null when the token does not parse. */
export function openSealedNote(
  sealed: SealedNote, token: string | Pick<ParsedToken, 'payloadBytes' | 'signature'>, eventId: string, serial: number,
): string | null {
  const signed = signedBytes(token);
  if (!signed) return null;
  return utf8Decode(xorWith(sealed.ciphertext, keystream(signed, eventId, serial, sealed.nameVersion, sealed.ciphertext.length, NOTE_SALT)));
}

/** SHA-256 of bytes; the server may pass a native one (same output, ~5× faster than pure JS). */
export type Sha256Fn = (bytes: Uint8Array) => Uint8Array;

function lookupKey(label: string, eventId: string, value: string, hash: Sha256Fn): number {
  const digest = hash(asciiBytes(`${label}|${eventId}|${value}`));
  return ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
}

/**
 * u32 lookup key of a human code for offline manual entry. Pass the canonical `XXXX-XXXX` form
 * (checkHumanCodeInput(...).code). Hides codes from anyone reading the storage; it is not a
 * barrier to brute force (see the protocol, §2.5).
 */
export function codeLookupKey(eventId: string, canonicalCode: string, hash: Sha256Fn = sha256): number {
  return lookupKey('karibu-code-v1', eventId, canonicalCode, hash);
}

/** u32 lookup key of a 6-digit PIN for offline manual entry. */
export function pinLookupKey(eventId: string, pin: string, hash: Sha256Fn = sha256): number {
  return lookupKey('karibu-pin-v1', eventId, pin, hash);
}
