import sharp from 'sharp';

/**
 * Test images for photo check: a camera-sized JPEG with EXIF (a GPS-like comment and a copyright),
 * with noise over a gradient so it compresses like a photo rather than a flat colour.
 */
export async function cameraJpeg(width = 2000, height = 1500): Promise<Buffer> {
  const noise = await sharp({ create: { width, height, channels: 3, background: '#806040', noise: { type: 'gaussian', mean: 120, sigma: 40 } } })
    .png().toBuffer();
  const gradient = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><defs><linearGradient id="g">
    <stop offset="0" stop-color="#c08050"/><stop offset="1" stop-color="#304060"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/><circle cx="${width / 2}" cy="${height / 2.5}" r="${height / 4}" fill="#e0b090"/></svg>`);
  return sharp(gradient).composite([{ input: noise, blend: 'soft-light' }])
    .withExif({ IFD0: { Copyright: 'Karibu test camera', ImageDescription: 'GPS 6.5244N 3.3792E' } })
    .jpeg({ quality: 92 }).toBuffer();
}

export const dataUrl = (bytes: Buffer, mime = 'image/jpeg') => `data:${mime};base64,${bytes.toString('base64')}`;
