/** A QR decoder the camera loop calls per frame: native BarcodeDetector or zxing-wasm. */
export interface QrDecoder {
  readonly kind: 'native' | 'zxing';
  /** Decodes the canvas; returns the texts found (usually zero or one). */
  decode(canvas: HTMLCanvasElement, context: CanvasRenderingContext2D): Promise<string[]>;
}
