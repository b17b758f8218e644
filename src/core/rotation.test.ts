import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, ROTATION_VECTOR } from '../../test/core/token-vectors.ts';
import { checkRotatingCode, deriveRotationKey, rotatingCode, rotationStep, ROTATION_STEP_MS } from './rotation.ts';

describe('rotating code', () => {
  const key = deriveRotationKey(hexToBytes(ROTATION_VECTOR.eventSecretHex), ROTATION_VECTOR.serial);

  it('reproduces the published vector', () => {
    expect(bytesToHex(key)).toBe(ROTATION_VECTOR.perTicketKeyHex);
    expect(rotationStep(ROTATION_VECTOR.atMs)).toBe(ROTATION_VECTOR.step);
    expect(rotatingCode(key, ROTATION_VECTOR.atMs)).toBe(ROTATION_VECTOR.code);
  });

  it('changes every 30 seconds, on step boundaries', () => {
    const start = ROTATION_VECTOR.step * ROTATION_STEP_MS;
    expect(rotatingCode(key, start)).toBe(rotatingCode(key, start + ROTATION_STEP_MS - 1));
    expect(rotatingCode(key, start)).not.toBe(rotatingCode(key, start + ROTATION_STEP_MS));
  });

  it('reports which neighbouring step matched', () => {
    const at = ROTATION_VECTOR.atMs;
    expect(checkRotatingCode(key, rotatingCode(key, at), at)).toBe(0);
    expect(checkRotatingCode(key, rotatingCode(key, at - ROTATION_STEP_MS), at)).toBe(-1);
    expect(checkRotatingCode(key, rotatingCode(key, at + ROTATION_STEP_MS), at)).toBe(1);
    expect(checkRotatingCode(key, rotatingCode(key, at + 2 * ROTATION_STEP_MS), at)).toBeNull();
    expect(checkRotatingCode(key, rotatingCode(key, at), at, 0)).toBe(0);
    expect(checkRotatingCode(key, rotatingCode(key, at - ROTATION_STEP_MS), at, 0)).toBeNull();
  });

  it('rejects codes of the wrong shape', () => {
    expect(checkRotatingCode(key, '', ROTATION_VECTOR.atMs)).toBeNull();
    expect(checkRotatingCode(key, ROTATION_VECTOR.code.slice(1), ROTATION_VECTOR.atMs)).toBeNull();
    expect(checkRotatingCode(key, ROTATION_VECTOR.code.toLowerCase(), ROTATION_VECTOR.atMs)).toBeNull();
  });

  it('derives different keys for different serials and secrets', () => {
    const secret = hexToBytes(ROTATION_VECTOR.eventSecretHex);
    expect(bytesToHex(deriveRotationKey(secret, 1))).not.toBe(bytesToHex(deriveRotationKey(secret, 2)));
    expect(bytesToHex(deriveRotationKey(new Uint8Array(32), 1))).not.toBe(bytesToHex(deriveRotationKey(secret, 1)));
    expect(() => deriveRotationKey(secret, -1)).toThrow(RangeError);
  });
});
