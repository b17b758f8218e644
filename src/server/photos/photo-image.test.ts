import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/domain-error.ts';
import { decodeDataUrl, PHOTO_MAX_BYTES, PHOTO_MAX_PX, processPhoto, THUMB_MAX_BYTES, THUMB_MAX_PX } from './photo-image.ts';
import { cameraJpeg, dataUrl } from './photo-test-images.ts';

/** Uploads are decoded and re-encoded: small enough for a door, and nothing but pixels kept. */
describe('photo check images', () => {
  it('resizes a 2000×1500 camera JPEG to ≤ 320 px and ≤ 25 KB, and drops its EXIF', async () => {
    const input = await cameraJpeg();
    expect((await sharp(input).metadata()).exif).toBeDefined();
    const out = await processPhoto(decodeDataUrl(dataUrl(input)));
    const meta = await sharp(out.photo).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(PHOTO_MAX_PX);
    expect(meta.width).toBe(320);
    expect(out.photo.length).toBeLessThanOrEqual(PHOTO_MAX_BYTES);
    expect(meta.exif).toBeUndefined();
    expect(out.photo.includes(Buffer.from('Karibu test camera'))).toBe(false);
    const thumb = await sharp(out.thumb).metadata();
    expect(Math.max(thumb.width!, thumb.height!)).toBeLessThanOrEqual(THUMB_MAX_PX);
    expect(out.thumb.length).toBeLessThanOrEqual(THUMB_MAX_BYTES);
    expect(thumb.exif).toBeUndefined();
  });

  it('accepts PNG and WebP, and returns JPEG', async () => {
    const png = await sharp({ create: { width: 400, height: 600, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toBuffer();
    const webp = await sharp(png).webp().toBuffer();
    for (const [bytes, mime] of [[png, 'image/png'], [webp, 'image/webp']] as const) {
      const out = await processPhoto(decodeDataUrl(dataUrl(bytes, mime)));
      expect((await sharp(out.photo).metadata()).height).toBe(320);
    }
  });

  it('refuses what is not a JPEG, PNG or WebP image with 422', async () => {
    const refused = async (fn: () => Promise<unknown>) => {
      const err = await fn().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('unprocessable');
    };
    await refused(async () => decodeDataUrl('data:image/gif;base64,R0lGODlhAQABAAAAACw='));
    await refused(async () => decodeDataUrl('https://example.com/me.jpg'));
    await refused(async () => processPhoto(Buffer.from('this is not an image at all, only text')));
    const gif = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } }).gif().toBuffer();
    await refused(() => processPhoto(gif));
    const jpeg = await cameraJpeg(400, 300);
    await refused(() => processPhoto(jpeg.subarray(0, jpeg.length / 3)));
    await refused(async () => decodeDataUrl(`data:image/jpeg;base64,${'A'.repeat(7_100_000)}`));
  });
});
