import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM encryption of small secrets at rest (signing keys, rotation secrets) under a key
 * derived from the master key per purpose, so one purpose's ciphertext can't be replayed as another's.
 * Layout: version(1)=1 ‖ iv(12) ‖ tag(16) ‖ ciphertext.
 */
export function deriveKey(masterKey: Uint8Array, purpose: string, length = 32): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, new Uint8Array(0), `karibu/${purpose}`, length));
}

export function seal(masterKey: Uint8Array, purpose: string, plaintext: Uint8Array, aad = ''): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(masterKey, `seal/${purpose}`), iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), body]);
}

export function open(masterKey: Uint8Array, purpose: string, sealed: Uint8Array, aad = ''): Buffer {
  const buf = Buffer.from(sealed);
  if (buf.length < 29 || buf[0] !== 1) throw new Error('sealed value has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', deriveKey(masterKey, `seal/${purpose}`), buf.subarray(1, 13));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(buf.subarray(13, 29));
  return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]);
}
