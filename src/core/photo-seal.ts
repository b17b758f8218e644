// Photo thumbnails in a door phone's photo pack (decision 0010), sealed like holder names
// (decision 0003): only the ticket's own QR opens one, so a lost phone shows no faces.
//
//   ikm        = payload ‖ signature of the ticket's current QR (the bytes its base45 decodes to)
//   keystream  = HKDF-SHA256(ikm, salt "karibu-photo-seal-v1", info eventId ‖ u32be(serial) ‖ nonce ‖ u32be(block))
//   ciphertext = thumbnail XOR keystream
//
// The nonce is fresh for every upload: replacing a photo does not change the QR, and two images
// under one key stream would leak their XOR. HKDF yields at most 8,160 bytes per call, so the key
// stream is built from numbered blocks. No tag, as for names: the phone only opens a record after
// the QR matched the ticket's held digest.
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { asciiBytes } from './sync-bytes.ts';
import { parseTicketToken, SIGNED_LENGTH, type ParsedToken } from './token.ts';

const PHOTO_SALT = asciiBytes('karibu-photo-seal-v1');
const BLOCK = 8160;

type TokenInput = string | Pick<ParsedToken, 'payloadBytes' | 'signature'>;

function signedBytes(token: TokenInput): Uint8Array | null {
  const parsed = typeof token === 'string' ? parseTicketToken(token.trim()) : { ok: true as const, ...token };
  if (!parsed.ok) return null;
  const signed = new Uint8Array(SIGNED_LENGTH);
  signed.set(parsed.payloadBytes, 0);
  signed.set(parsed.signature, parsed.payloadBytes.length);
  return signed;
}

function xorStream(bytes: Uint8Array, signed: Uint8Array, eventId: string, serial: number, nonce: Uint8Array): Uint8Array {
  const id = asciiBytes(eventId);
  const info = new Uint8Array(id.length + 4 + nonce.length + 4);
  info.set(id, 0);
  info.set(nonce, id.length + 4);
  const view = new DataView(info.buffer);
  view.setUint32(id.length, serial);
  const out = new Uint8Array(bytes.length);
  for (let block = 0; block * BLOCK < bytes.length; block++) {
    view.setUint32(info.length - 4, block);
    const start = block * BLOCK;
    const ks = hkdf(sha256, signed, PHOTO_SALT, info, Math.min(BLOCK, bytes.length - start));
    for (let i = 0; i < ks.length; i++) out[start + i] = bytes[start + i]! ^ ks[i]!;
  }
  return out;
}

/** Seals a thumbnail under the ticket's token (server side); throws on a token that does not parse. */
export function sealPhoto(image: Uint8Array, token: TokenInput, eventId: string, serial: number, nonce: Uint8Array): Uint8Array {
  const signed = signedBytes(token);
  if (!signed) throw new RangeError('sealPhoto: token does not parse');
  return xorStream(image, signed, eventId, serial, nonce);
}

/** Opens a sealed thumbnail with the scanned QR (scanner side); null when the token does not parse. */
export function openSealedPhoto(sealed: Uint8Array, token: TokenInput, eventId: string, serial: number, nonce: Uint8Array): Uint8Array | null {
  const signed = signedBytes(token);
  return signed ? xorStream(sealed, signed, eventId, serial, nonce) : null;
}
