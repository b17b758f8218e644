// The QR, drawn as one SVG path: sharp at any size (full screen on a 720p phone or a 4K tablet) and
// a few hundred bytes of DOM. Encoded exactly as the server encodes emails and PDFs: alphanumeric
// mode (the token is base45 for this), error correction M — QR version 6, large modules. Only the
// package's encoder is imported (1.5 KB gzipped less than its browser build with renderers).
// Other texts (the console's device setup link, a URL) use the encoder's own choice of modes.
import { useMemo } from 'preact/hooks';
import QRCode from 'qrcode/lib/core/qrcode.js';

const QUIET_ZONE = 4;

export interface QrShape { size: number; path: string }

export function qrShape(text: string, alphanumeric = true): QrShape {
  const qr = QRCode.create(alphanumeric ? [{ data: text, mode: 'alphanumeric' }] : text, { errorCorrectionLevel: 'M' });
  const { size } = qr.modules;
  let path = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!qr.modules.get(y, x)) { x++; continue; }
      const start = x;
      while (x < size && qr.modules.get(y, x)) x++;
      // One rectangle per horizontal run of dark modules.
      path += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start}v1h${start - x}z`;
    }
  }
  return { size: size + 2 * QUIET_ZONE, path };
}

export function QrCode({ text, label, class: className, alphanumeric = true, testId = 'ticket-qr' }: {
  text: string; label: string; class?: string; alphanumeric?: boolean; testId?: string;
}) {
  const shape = useMemo(() => qrShape(text, alphanumeric), [text, alphanumeric]);
  return (
    <svg class={className} viewBox={`0 0 ${shape.size} ${shape.size}`} role="img" aria-label={label}
      shape-rendering="crispEdges" data-testid={testId}>
      <rect width={shape.size} height={shape.size} fill="#fff" />
      <path d={shape.path} fill="#000" />
    </svg>
  );
}
