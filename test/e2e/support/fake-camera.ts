import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import QRCode from 'qrcode';

/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture`) showing a real ticket
 * QR: the QR rendered to PNG with the `qrcode` package, then ffmpeg makes a 640×480 I420 y4m with
 * nothing for `leadSeconds`, then the code large and centred for `visibleSeconds`, then nothing for
 * `blankSeconds`. Chromium loops the file, so the ticket is "presented" again after each blank gap —
 * that is how a test scans the same ticket twice.
 */
const CACHE = resolve(import.meta.dirname, '../../../.test-cache/fake-camera');

export interface FakeVideoOptions { leadSeconds?: number; visibleSeconds?: number; blankSeconds?: number }

export async function ticketVideo(text: string, options: FakeVideoOptions = {}): Promise<string> {
  const lead = options.leadSeconds ?? 0;
  const visible = options.visibleSeconds ?? 4;
  const blank = options.blankSeconds ?? 0;
  const key = createHash('sha256').update(`${text}|${lead}|${visible}|${blank}`).digest('hex').slice(0, 16);
  const out = join(CACHE, `${key}.y4m`);
  if (existsSync(out)) return out;
  await mkdir(CACHE, { recursive: true });
  const png = join(CACHE, `${key}.png`);
  await QRCode.toFile(png, text, { errorCorrectionLevel: 'M', margin: 4, width: 360, color: { dark: '#000000', light: '#ffffff' } });
  const tmp = `${out}.${process.pid}.tmp`;
  const total = lead + visible + blank;
  await promisify(execFile)('ffmpeg', [
    '-y', '-loglevel', 'error',
    // A dim grey scene with the ticket (QR and its white quiet zone) held up in the middle.
    '-f', 'lavfi', '-i', `color=c=0x3a4250:s=640x480:r=10:d=${total}`,
    '-i', png,
    '-filter_complex', `[1:v]scale=340:340:flags=neighbor[q];[0:v][q]overlay=(W-w)/2:(H-h)/2:enable='between(t,${lead},${lead + visible})',format=yuv420p`,
    '-frames:v', String(total * 10),
    '-f', 'yuv4mpegpipe', '-pix_fmt', 'yuv420p', tmp,
  ], { timeout: 60_000 });
  await rename(tmp, out);
  await rm(png, { force: true });
  return out;
}

/** A camera that sees nothing (white frames): for screens that must not scan anything. */
export async function blankVideo(): Promise<string> {
  const out = join(CACHE, 'blank.y4m');
  if (existsSync(out)) return out;
  await mkdir(CACHE, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await promisify(execFile)('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x2b3442:s=640x480:r=5:d=1',
    '-f', 'yuv4mpegpipe', '-pix_fmt', 'yuv420p', tmp], { timeout: 60_000 });
  await rename(tmp, out);
  return out;
}
