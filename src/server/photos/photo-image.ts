import sharp from 'sharp';
import { DomainError } from '../shared/domain-error.ts';

/**
 * Photo check images (decision 0010). An upload is never stored as sent: it is decoded and
 * re-encoded, which drops EXIF (GPS, camera serials) and anything hidden after the image data, and
 * a file that does not decode as what it claims is refused. Two sizes are kept: the door's photo
 * (≤ 320 px, ≤ 25 KB, shown large beside the verdict) and a thumbnail for offline phones (≤ 96 px,
 * a few KB, since 5,000 of them travel in one photo pack).
 */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;
export const PHOTO_MAX_PX = 320;
export const PHOTO_MAX_BYTES = 25 * 1024;
export const THUMB_MAX_PX = 96;
export const THUMB_MAX_BYTES = 4 * 1024;

const ACCEPTED = new Set(['image/jpeg', 'image/png', 'image/webp']);
// sharp's names for the formats we accept: the bytes must be one of them, whatever the data URL says.
const DECODED = new Set(['jpeg', 'png', 'webp']);

export interface ProcessedPhoto {
  photo: Buffer;
  thumb: Buffer;
  mime: 'image/jpeg';
}

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError('unprocessable', message, { path: 'body.photo', ...details });

/** The bytes of a `data:image/...;base64,` URL, refused unless JPEG, PNG or WebP and ≤ 5 MB. */
export function decodeDataUrl(dataUrl: string): Buffer {
  const m = /^data:(image\/[a-z]+);base64,([A-Za-z0-9+/=\s]+)$/.exec(dataUrl);
  if (!m) throw invalid('Send the photo as a data URL (data:image/jpeg;base64,...).');
  if (!ACCEPTED.has(m[1]!)) throw invalid('The photo must be a JPEG, PNG or WebP image.', { mime: m[1] });
  // Checked on the text first, so a huge body is refused before it is decoded into memory.
  if (Math.floor((m[2]!.length * 3) / 4) > MAX_UPLOAD_BYTES + 3) throw invalid('The photo is larger than 5 MB.');
  const bytes = Buffer.from(m[2]!, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_UPLOAD_BYTES) throw invalid('The photo is empty or larger than 5 MB.');
  return bytes;
}

/** JPEG at the highest quality that fits the byte budget (quality steps down; size too at the floor). */
async function fit(input: Buffer, maxPx: number, maxBytes: number): Promise<Buffer> {
  let px = maxPx;
  for (;;) {
    for (const quality of [82, 72, 62, 52, 42, 32]) {
      const out = await sharp(input).resize(px, px, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' }).jpeg({ quality, mozjpeg: true }).toBuffer();
      if (out.length <= maxBytes) return out;
    }
    // Noisy images can stay too large even at low quality: shrink instead of blurring further.
    if (px <= 32) throw invalid('The photo could not be made small enough.');
    px = Math.round(px * 0.8);
  }
}

/** Decodes, orients (EXIF rotation applied, then dropped), resizes and re-encodes an upload. */
export async function processPhoto(bytes: Buffer): Promise<ProcessedPhoto> {
  let upright: Buffer;
  try {
    const meta = await sharp(bytes, { limitInputPixels: 40_000_000 }).metadata();
    if (!meta.format || !DECODED.has(meta.format)) throw new Error('format');
    // A bounded intermediate (and a full decode: a truncated file fails here, not later).
    upright = await sharp(bytes, { limitInputPixels: 40_000_000, failOn: 'error' }).rotate()
      .resize(1024, 1024, { fit: 'inside', withoutEnlargement: true }).png({ compressionLevel: 1 }).toBuffer();
  } catch {
    throw invalid('The photo could not be read as a JPEG, PNG or WebP image.');
  }
  const [photo, thumb] = await Promise.all([fit(upright, PHOTO_MAX_PX, PHOTO_MAX_BYTES), fit(upright, THUMB_MAX_PX, THUMB_MAX_BYTES)]);
  return { photo, thumb, mime: 'image/jpeg' };
}
