// The zxing-wasm fallback decoder, in its own lazily loaded chunk. The wasm file is emitted by
// Vite into /assets/ with a content hash and served by us; `locateFile` stops zxing-wasm from
// fetching it from jsDelivr, which it would do by default.
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { QrDecoder } from './qr-decoder.types.ts';

const OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  // Ticket QRs are dark on light; a phone screen at night may be inverted by "dark mode" apps.
  tryInvert: true,
  maxNumberOfSymbols: 1,
};

export async function createZxingDecoder(): Promise<QrDecoder> {
  await prepareZXingModule({
    overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? new URL(wasmUrl, location.href).href : prefix + path) },
    fireImmediately: true,
  });
  return {
    kind: 'zxing',
    async decode(canvas, context) {
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const results = await readBarcodes(image, OPTIONS);
      return results.filter((r) => r.isValid && r.text).map((r) => r.text);
    },
  };
}
