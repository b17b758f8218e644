import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { bytesToBase64Url, sealPhoto } from '../../core/index.ts';
import { processPhoto } from './photo-image.ts';
import { cameraJpeg } from './photo-test-images.ts';

/**
 * The size of a photo pack for 5,000 photo-check tickets (decision 0010 quotes it). Thumbnails of
 * noisy synthetic photos (pessimistic: real faces have smoother areas and encode smaller), each
 * sealed under a different key like the server does, so gzip finds nothing to share between them.
 */
describe('photo pack size', () => {
  it('5,000 sealed thumbnails stay within a few KB each', async () => {
    const thumbs: Uint8Array[] = [];
    for (let i = 0; i < 6; i++) thumbs.push((await processPhoto(await cameraJpeg(800 + i * 40, 600 + i * 30))).thumb);
    const fakeToken = { payloadBytes: randomBytes(19), signature: randomBytes(64) };
    const items: [number, string, string][] = [];
    for (let serial = 1; serial <= 5000; serial++) {
      const nonce = randomBytes(8);
      items.push([serial, bytesToBase64Url(nonce), bytesToBase64Url(sealPhoto(thumbs[serial % thumbs.length]!, fakeToken, 'e0b6a3c2-5d1f-4c6e-9a8b-2f3e4d5c6b7a', serial, nonce))]);
    }
    const json = JSON.stringify({ photoCheckTypes: [1], items, cursor: '5000', more: false });
    const gz = gzipSync(json).length;
    const avgThumb = thumbs.reduce((n, t) => n + t.length, 0) / thumbs.length;
    console.log(`photo pack, 5000 tickets: thumbnail avg ${Math.round(avgThumb)} B; JSON ${(json.length / 1e6).toFixed(2)} MB; gzip ${(gz / 1e6).toFixed(2)} MB`);
    expect(avgThumb).toBeLessThanOrEqual(4096);
    expect(gz).toBeLessThan(5000 * 4096 * 1.4);
  }, 60_000);
});
