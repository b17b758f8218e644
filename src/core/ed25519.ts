// Default Ed25519 signer/verifier: @noble/curves, pure JS, so core runs unchanged in Node, in the
// scanner and in a bundle without WebCrypto Ed25519. Callers with a faster native implementation
// (node:crypto on the server, WebCrypto in Chromium) inject their own SignFn / VerifyFn.
//
// zip215 is turned off: noble accepts ZIP-215 encodings by default, OpenSSL, BoringSSL (WebCrypto)
// and node:crypto follow RFC 8032 strictly. With both strict, every verifier we ship — and the
// openssl check in the tests — gives the same answer for the same bytes.
import { ed25519 } from '@noble/curves/ed25519.js';

/** Signs message with a 32-byte Ed25519 secret key (seed); returns the 64-byte signature. */
export type SignFn = (message: Uint8Array, secretKey: Uint8Array) => Uint8Array;
/** True when signature is a valid Ed25519 signature of message under the 32-byte publicKey. */
export type VerifyFn = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;
/** Same as VerifyFn for asynchronous implementations such as WebCrypto's subtle.verify. */
export type AsyncVerifyFn = (
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) => Promise<boolean>;

export const nobleSign: SignFn = (message, secretKey) => ed25519.sign(message, secretKey);

export const nobleVerify: VerifyFn = (publicKey, message, signature) => {
  // noble throws on malformed keys or signatures; a verifier must only ever answer yes or no.
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
};

/** Derives the 32-byte public key of a 32-byte secret key (seed). */
export function ed25519PublicKey(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(secretKey);
}
