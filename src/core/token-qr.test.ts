// The length budget exists for the QR code: the token must encode without byte mode in
// QR version ≤ 6 at error correction M, and a real decoder (zbarimg) must read it back unchanged.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { afterAll, describe, expect, it } from 'vitest';
import { ROTATION_VECTOR, TOKEN_VECTORS } from '../../test/core/token-vectors.ts';

const dir = mkdtempSync(join(tmpdir(), 'karibu-qr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const texts = [...TOKEN_VECTORS.map((v) => [v.name, v.qrText]), ['rotating', ROTATION_VECTOR.qrText]];

describe('token as a QR code', () => {
  it.each(texts)('%s fits QR version 6-M without byte mode and zbarimg reads it back', async (name, text) => {
    const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
    expect(qr.version).toBeLessThanOrEqual(6);
    // The encoder may split off runs of digits as Numeric segments (even denser); never Byte mode.
    expect(qr.segments.map((s) => s.mode.id).filter((m) => m !== 'Alphanumeric' && m !== 'Numeric')).toEqual([]);
    const file = join(dir, `${name}.png`);
    await QRCode.toFile(file, text, { errorCorrectionLevel: 'M', scale: 4 });
    const decoded = execFileSync('zbarimg', ['--raw', '-q', file], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    expect(decoded.replace(/\n$/, '')).toBe(text);
  });
});
