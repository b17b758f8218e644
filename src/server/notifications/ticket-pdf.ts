import { PDFDocument, rgb, StandardFonts, type PDFPage } from 'pdf-lib';
import { PdfText } from '../pdf/pdf-text.ts';
import type { Weight } from '../pdf/pdf-fonts.ts';
import type { TicketDocument } from '../ticket-documents/ticket-document.service.ts';
import { qrMatrix, QR_QUIET_ZONE } from './qr-image.ts';
import { formatVenueClock, formatVenueTime, translator, type EmailLocale } from './ticket-messages.ts';

/**
 * The printable ticket: one A4 page (what people print on), the ticket in a card at the top so it
 * can be folded or cut. The QR is drawn as vector squares, 80 mm wide: sharp at any printer
 * resolution and readable from a crumpled page. Where the ticket type allows no static code the
 * PDF carries no QR at all (a printed code would be refused at the door) but the link, code and PIN.
 */
const A4: [number, number] = [595.28, 841.89];
const MM = 72 / 25.4;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.33, 0.37, 0.45);
const ACCENT = rgb(0.05, 0.46, 0.36);

export async function renderTicketPdf(doc: TicketDocument, locale: EmailLocale = 'en'): Promise<Uint8Array> {
  const t = translator(locale);
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${t('pdfTitle')} ${doc.code} — ${doc.event.name}`);
  pdf.setAuthor(doc.event.organizerName);
  pdf.setCreator('Karibu');
  pdf.setLanguage(locale);
  const page = pdf.addPage(A4);
  // Names, venues and labels in any script through the Noto fonts (src/server/pdf); the code and
  // PIN are ASCII by construction and stay in the standard Courier, which needs no embedding.
  // Written for a left-to-right page; in Arabic every line starts at the right margin and the
  // label column and QR code change sides (txt.mirror), the QR itself drawn as it is, never flipped.
  const txt = PdfText.for(pdf, locale);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  const [width, height] = A4;
  const margin = 18 * MM;
  const cardTop = height - margin;
  const cardHeight = 150 * MM;
  // x as on a left-to-right page, where the line starts.
  const draw = (value: string, x: number, y: number, size: number, color = INK, weight: Weight = 'regular') =>
    txt.draw(page, value, txt.mirror(page, x), y, { size, color, weight, align: 'start' });

  page.drawRectangle({
    x: margin, y: cardTop - cardHeight, width: width - 2 * margin, height: cardHeight,
    borderColor: rgb(0.8, 0.83, 0.88), borderWidth: 1, borderDashArray: [4, 3],
  });
  page.drawRectangle({ x: margin, y: cardTop - 16 * MM, width: width - 2 * margin, height: 16 * MM, color: ACCENT });
  const inner = margin + 8 * MM;
  const innerWidth = width - 2 * inner;
  draw(txt.fit(doc.event.organizerName.toLocaleUpperCase(locale), 8, innerWidth), inner, cardTop - 7 * MM, 8, rgb(1, 1, 1));
  draw(txt.fit(doc.event.name, 15, innerWidth, 'bold'), inner, cardTop - 13 * MM, 15, rgb(1, 1, 1), 'bold');

  let y = cardTop - 26 * MM;
  const columnWidth = innerWidth - 80 * MM - 6 * MM; // beside the QR, on the side lines start
  // Label, then the value on up to two lines (long dates and venue names wrap, then ellipsis).
  const line = (label: string, value: string, size = 11, weight: Weight = 'regular') => {
    draw(label.toLocaleUpperCase(locale), inner, y, 7.5, MUTED);
    y -= size + 3;
    const lines = txt.wrap(value, size, columnWidth, weight);
    const shown = lines.length > 2 ? [lines[0]!, txt.fit(lines.slice(1).join(' '), size, columnWidth, weight)] : lines;
    shown.forEach((l, i) => {
      draw(txt.fit(l, size, columnWidth, weight), inner, y, size, INK, weight);
      if (i < shown.length - 1) y -= size + 2;
    });
    y -= 14;
  };
  const code = (label: string, value: string) => {
    draw(label.toLocaleUpperCase(locale), inner, y, 7.5, MUTED);
    y -= 23;
    page.drawText(value, { x: txt.mirror(page, inner, mono.widthOfTextAtSize(value, 20)), y, font: mono, size: 20, color: INK });
    y -= 14;
  };
  line(t('holder'), doc.holderName, 16, 'bold');
  line(t('type'), doc.type.name, 12, 'bold');
  line(t('when'), formatVenueTime(locale, doc.event.startsAt, doc.event.timezone), 9.5);
  line(t('doors'), formatVenueClock(locale, doc.event.doorsOpenAt, doc.event.timezone), 9.5);
  line(t('venue'), doc.event.venueName, 9.5);
  code(t('code'), doc.code);
  code(t('pin'), doc.pin);

  const qrSide = 80 * MM;
  const qrStart = width - inner - qrSide; // left-to-right; the QR's left edge on this page is qrX
  const qrX = txt.mirror(page, qrStart, qrSide);
  const qrY = cardTop - 22 * MM - qrSide;
  // The static code only where the door accepts it; a rotating-only ticket's static text is refused.
  if (doc.qr && doc.type.allowStatic) {
    drawQr(page, doc.qr, qrX, qrY, qrSide);
    const caption = t('pdfScan');
    txt.draw(page, caption, qrX + qrSide / 2, qrY - 4 * MM, { size: 9, color: MUTED, align: 'center' });
  } else if (doc.status === 'valid') {
    // Rotating-only ticket: no printed code can get in, so say where the real one lives.
    let ty = cardTop - 30 * MM;
    for (const w of txt.wrap(t('pdfRotating'), 10, qrSide)) { draw(w, qrStart, ty, 10); ty -= 14; }
    ty -= 6;
    for (const w of txt.wrapAnywhere(doc.link, 8.5, qrSide)) { draw(w, qrStart, ty, 8.5, ACCENT); ty -= 12; }
  }

  let noteY = cardTop - cardHeight + 20 * MM;
  for (const note of [t('privateNote'), t('fallbackNote')]) {
    for (const w of txt.wrap(note, 8.5, innerWidth)) { draw(w, inner, noteY, 8.5, MUTED); noteY -= 11; }
  }
  for (const w of txt.wrapAnywhere(t('linkNote', { link: doc.link }), 8.5, innerWidth)) { draw(w, inner, noteY, 8.5, MUTED); noteY -= 11; }
  return txt.save();
}

function drawQr(page: PDFPage, qrText: string, x: number, y: number, side: number): void {
  const m = qrMatrix(qrText);
  const total = m.size + 2 * QR_QUIET_ZONE;
  const cell = side / total;
  page.drawRectangle({ x, y, width: side, height: side, color: rgb(1, 1, 1) });
  // Horizontal runs of dark modules as one rectangle each: fewer operators, no hairline seams.
  for (let row = 0; row < m.size; row++) {
    let col = 0;
    while (col < m.size) {
      if (!m.dark(col, row)) { col++; continue; }
      const start = col;
      while (col < m.size && m.dark(col, row)) col++;
      page.drawRectangle({
        x: x + (QR_QUIET_ZONE + start) * cell,
        y: y + side - (QR_QUIET_ZONE + row + 1) * cell,
        width: (col - start) * cell, height: cell, color: rgb(0, 0, 0),
      });
    }
  }
}
