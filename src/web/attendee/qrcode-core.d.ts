// The encoder alone from the `qrcode` package (no canvas/SVG/PNG renderers: we draw our own SVG),
// typed with the package's own declarations.
declare module 'qrcode/lib/core/qrcode.js' {
  import type { QRCode, QRCodeOptions, QRCodeSegment } from 'qrcode';
  export function create(text: string | QRCodeSegment[], options?: QRCodeOptions): QRCode;
  const _default: { create: typeof create };
  export default _default;
}
