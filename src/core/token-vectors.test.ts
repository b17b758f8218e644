// The published test vectors (docs/ticket-format.md): our code reproduces them, and OpenSSL — an
// independent Ed25519 implementation — verifies each signature and rejects a tampered payload.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytesToHex, CODE_VECTORS, hexToBytes, ROTATION_VECTOR, TOKEN_VECTORS } from '../../test/core/token-vectors.ts';
import { makeHumanCode, makePin } from './codes.ts';
import { ed25519PublicKey } from './ed25519.ts';
import { appendRotatingCode, deriveRotationKey } from './rotation.ts';
import { encodeTokenPayload } from './token-payload.ts';
import { parseTicketToken, signTicketToken, tokenDigest } from './token.ts';
import { verifyTicketToken } from './token-verify.ts';

const SPKI_ED25519_PREFIX = '302a300506032b6570032100';
const dir = mkdtempSync(join(tmpdir(), 'karibu-vectors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function opensslVerifies(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array, name: string): boolean {
  const pub = join(dir, `${name}.pub.der`);
  const msg = join(dir, `${name}.payload.bin`);
  const sig = join(dir, `${name}.sig.bin`);
  writeFileSync(pub, hexToBytes(SPKI_ED25519_PREFIX + bytesToHex(publicKey)));
  writeFileSync(msg, message);
  writeFileSync(sig, signature);
  try {
    const out = execFileSync('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-keyform', 'DER', '-rawin', '-in', msg, '-sigfile', sig], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return out.toString().includes('Signature Verified Successfully');
  } catch (err) {
    // openssl exits 1 on "Signature Verification Failure"; anything else (openssl missing, an
    // option it does not know) is a broken check, not a rejected signature.
    if ((err as { status?: number | null }).status === 1) return false;
    throw err;
  }
}

describe.each(TOKEN_VECTORS)('token vector "$name"', (v) => {
  it('is reproduced by our encoder and signer', () => {
    const seed = hexToBytes(v.seedHex);
    expect(bytesToHex(ed25519PublicKey(seed))).toBe(v.publicKeyHex);
    expect(bytesToHex(encodeTokenPayload(v.payload))).toBe(v.payloadHex);
    expect(signTicketToken(v.payload, seed)).toBe(v.qrText);
    const parsed = parseTicketToken(v.qrText);
    expect(parsed.ok && bytesToHex(parsed.signature)).toBe(v.signatureHex);
    expect(parsed.ok && bytesToHex(tokenDigest(parsed))).toBe(v.digestHex);
    expect(verifyTicketToken(v.qrText, () => ({ publicKey: hexToBytes(v.publicKeyHex) }))).toMatchObject({ ok: true, payload: v.payload });
  });

  it('verifies with openssl, and openssl rejects a tampered payload', () => {
    const publicKey = hexToBytes(v.publicKeyHex);
    const payload = hexToBytes(v.payloadHex);
    const signature = hexToBytes(v.signatureHex);
    expect(opensslVerifies(publicKey, payload, signature, v.name)).toBe(true);
    const tampered = payload.slice();
    tampered[8]! ^= 0x01; // serial + 1 (or − 1)
    expect(opensslVerifies(publicKey, tampered, signature, `${v.name}-tampered`)).toBe(false);
  });
});

describe('rotation and code vectors', () => {
  it('reproduces the rotating QR text', () => {
    const key = deriveRotationKey(hexToBytes(ROTATION_VECTOR.eventSecretHex), ROTATION_VECTOR.serial);
    const typical = TOKEN_VECTORS.find((v) => v.name === 'typical')!;
    expect(appendRotatingCode(typical.qrText, key, ROTATION_VECTOR.atMs)).toBe(ROTATION_VECTOR.qrText);
  });

  it('reproduces the human code and PIN vectors', () => {
    for (const { randomHex, code } of CODE_VECTORS.humanCode) expect(makeHumanCode(hexToBytes(randomHex))).toBe(code);
    for (const { randomHex, pin } of CODE_VECTORS.pin) expect(makePin(hexToBytes(randomHex))).toBe(pin);
  });
});

describe('docs/ticket-format.md', () => {
  const doc = readFileSync(join(import.meta.dirname, '../../docs/ticket-format.md'), 'utf8');

  it('prints the same vectors as the tests check', () => {
    for (const v of TOKEN_VECTORS) {
      for (const value of [v.seedHex, v.publicKeyHex, v.payloadHex, v.signatureHex.slice(0, 64), v.signatureHex.slice(64), v.digestHex, v.qrText]) {
        expect(doc, `${v.name}: ${value}`).toContain(value);
      }
    }
    for (const value of [ROTATION_VECTOR.perTicketKeyHex, ROTATION_VECTOR.code, ROTATION_VECTOR.qrText, String(ROTATION_VECTOR.step)]) expect(doc).toContain(value);
    for (const { code } of CODE_VECTORS.humanCode) expect(doc).toContain(code);
  });
});
