// QR decoding: the browser's own BarcodeDetector where it exists (Android Chrome: fast, native),
// otherwise zxing-wasm, loaded only then, from our own server (never a CDN). Both get the same
// input — the framed centre of the video, drawn to a small canvas — so decoding time does not grow
// with the camera's resolution.

import type { QrDecoder } from './qr-decoder.types.ts';

interface DetectedBarcode { rawValue: string }
interface BarcodeDetectorLike { detect(source: CanvasImageSource): Promise<DetectedBarcode[]> }
interface BarcodeDetectorCtor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDecoder(): Promise<QrDecoder | null> {
  const Ctor = (globalThis as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
  if (!Ctor) return null;
  try {
    if (!(await Ctor.getSupportedFormats()).includes('qr_code')) return null;
    const detector = new Ctor({ formats: ['qr_code'] });
    return { kind: 'native', decode: async (canvas) => (await detector.detect(canvas)).map((b) => b.rawValue) };
  } catch {
    return null;
  }
}

let zxing: Promise<QrDecoder> | undefined;

/** zxing-wasm, loaded once (the module and its wasm are cached by the service worker). */
export function loadZxingDecoder(): Promise<QrDecoder> {
  zxing ??= import('./zxing-decoder.ts').then((m) => m.createZxingDecoder());
  zxing.catch(() => { zxing = undefined; });
  return zxing;
}

let chosen: Promise<QrDecoder> | undefined;

export function getQrDecoder(): Promise<QrDecoder> {
  chosen ??= nativeDecoder().then((native) => native ?? loadZxingDecoder());
  chosen.catch(() => { chosen = undefined; });
  return chosen;
}

/** True when this browser will need the zxing fallback (so it can be fetched early, while online). */
export async function needsZxing(): Promise<boolean> {
  return (await nativeDecoder()) === null;
}
