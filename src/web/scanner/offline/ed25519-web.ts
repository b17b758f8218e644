// Ed25519 signature checks in the browser: WebCrypto where the browser has Ed25519 (Chromium 137+,
// native and fast), else @noble/curves loaded on first need — it is ~20 KB gzipped that most
// phones never download. Imported public keys are cached per key bytes.
import type { AsyncVerifyFn } from '../../../core/index.ts';

// Written against both the DOM and Node's WebCrypto typings (the verdict is also benchmarked and
// unit-tested outside a page), hence no DOM-only type names.
type ImportedKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;
const asBuffer = (bytes: Uint8Array) => bytes as Uint8Array<ArrayBuffer>;

let webCryptoWorks: boolean | undefined;
const keyCache = new Map<string, Promise<ImportedKey>>();

function keyId(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

function importKey(publicKey: Uint8Array): Promise<ImportedKey> {
  const id = keyId(publicKey);
  let key = keyCache.get(id);
  if (!key) {
    key = crypto.subtle.importKey('raw', asBuffer(publicKey), { name: 'Ed25519' }, false, ['verify']);
    keyCache.set(id, key);
    key.catch(() => keyCache.delete(id));
  }
  return key;
}

async function nobleFallback(): Promise<AsyncVerifyFn> {
  // @noble/curves directly rather than core's nobleVerify: core/index.ts imports core/ed25519.ts
  // statically, so importing that module here could not split noble out of the first load. The
  // options are core's (see src/core/ed25519.ts): strict RFC 8032, no ZIP-215, a throw is a "no".
  const { ed25519 } = await import('@noble/curves/ed25519.js');
  return async (publicKey, message, signature) => {
    try {
      return ed25519.verify(signature, message, publicKey, { zip215: false });
    } catch {
      return false;
    }
  };
}

/** Verifies with WebCrypto Ed25519, falling back to noble once when the browser lacks it. */
export const verifyEd25519: AsyncVerifyFn = async (publicKey, message, signature) => {
  if (webCryptoWorks !== false && globalThis.crypto?.subtle) {
    try {
      const key = await importKey(publicKey);
      const ok = await crypto.subtle.verify({ name: 'Ed25519' }, key, asBuffer(signature), asBuffer(message));
      webCryptoWorks = true;
      return ok;
    } catch (err) {
      // NotSupportedError: this browser has no Ed25519 → noble from now on. Anything else (a key
      // that is not a curve point) is simply a "no".
      if ((err as { name?: string })?.name !== 'NotSupportedError') return false;
      webCryptoWorks = false;
    }
  }
  return (await nobleFallback())(publicKey, message, signature);
};
