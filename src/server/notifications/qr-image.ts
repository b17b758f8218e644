import QRCode from 'qrcode';

/**
 * QR rendering for emails and PDFs. Every Karibu QR is encoded the same way as on the attendee
 * page: alphanumeric mode (the token text is base45 for exactly this) at error correction M, which
 * keeps a rotating token at version 6 — large modules that a budget phone's camera reads at arm's
 * length. The quiet zone is the standard 4 modules: scanners need it.
 */
const SEGMENT_MODE = 'alphanumeric' as const;
export const QR_ERROR_CORRECTION = 'M' as const;
export const QR_QUIET_ZONE = 4;

function segments(text: string): QRCode.QRCodeSegment[] {
  return [{ data: text, mode: SEGMENT_MODE }];
}

/** The module grid (true = dark), without the quiet zone. */
export function qrMatrix(text: string): { size: number; dark: (x: number, y: number) => boolean; version: number } {
  const qr = QRCode.create(segments(text), { errorCorrectionLevel: QR_ERROR_CORRECTION });
  const size = qr.modules.size;
  return { size, version: qr.version, dark: (x, y) => Boolean(qr.modules.get(y, x)) };
}

/** A PNG of the QR, `widthPx` wide including the quiet zone (for the email's inline image). */
export function qrPng(text: string, widthPx = 480): Promise<Buffer> {
  return QRCode.toBuffer(segments(text), {
    type: 'png', errorCorrectionLevel: QR_ERROR_CORRECTION, margin: QR_QUIET_ZONE, width: widthPx,
    color: { dark: '#000000ff', light: '#ffffffff' },
  });
}
