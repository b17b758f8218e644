import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
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
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.CourierBold);
  const [width, height] = A4;
  const margin = 18 * MM;
  const cardTop = height - margin;
  const cardHeight = 150 * MM;

  page.drawRectangle({
    x: margin, y: cardTop - cardHeight, width: width - 2 * margin, height: cardHeight,
    borderColor: rgb(0.8, 0.83, 0.88), borderWidth: 1, borderDashArray: [4, 3],
  });
  page.drawRectangle({ x: margin, y: cardTop - 16 * MM, width: width - 2 * margin, height: 16 * MM, color: ACCENT });
  const inner = margin + 8 * MM;
  const innerWidth = width - 2 * inner;
  text(page, winAnsi(regular, doc.event.organizerName).toUpperCase(), inner, cardTop - 7 * MM, regular, 8, rgb(1, 1, 1));
  text(page, fit(bold, winAnsi(bold, doc.event.name), 15, innerWidth), inner, cardTop - 13 * MM, bold, 15, rgb(1, 1, 1));

  let y = cardTop - 26 * MM;
  const columnWidth = innerWidth - 80 * MM - 6 * MM; // left of the QR
  // Label, then the value on up to two lines (long dates and venue names wrap, then ellipsis).
  const line = (label: string, value: string, size = 11, font = regular) => {
    text(page, winAnsi(regular, label).toUpperCase(), inner, y, regular, 7.5, MUTED);
    y -= size + 3;
    const lines = wrap(font, winAnsi(font, value), size, columnWidth);
    const shown = lines.length > 2 ? [lines[0]!, fit(font, lines.slice(1).join(' '), size, columnWidth)] : lines;
    shown.forEach((l, i) => {
      text(page, fit(font, l, size, columnWidth), inner, y, font, size, INK);
      if (i < shown.length - 1) y -= size + 2;
    });
    y -= 14;
  };
  line(t('holder'), doc.holderName, 16, bold);
  line(t('type'), doc.type.name, 12, bold);
  line(t('when'), formatVenueTime(locale, doc.event.startsAt, doc.event.timezone), 9.5);
  line(t('doors'), formatVenueClock(locale, doc.event.doorsOpenAt, doc.event.timezone), 9.5);
  line(t('venue'), doc.event.venueName, 9.5);
  line(t('code'), doc.code, 20, mono);
  line(t('pin'), doc.pin, 20, mono);

  const qrSide = 80 * MM;
  const qrX = width - inner - qrSide;
  const qrY = cardTop - 22 * MM - qrSide;
  // The static code only where the door accepts it; a rotating-only ticket's static text is refused.
  if (doc.qr && doc.type.allowStatic) {
    drawQr(page, doc.qr, qrX, qrY, qrSide);
    const caption = winAnsi(regular, t('pdfScan'));
    const w = regular.widthOfTextAtSize(caption, 9);
    text(page, caption, qrX + (qrSide - w) / 2, qrY - 4 * MM, regular, 9, MUTED);
  } else if (doc.status === 'valid') {
    // Rotating-only ticket: no printed code can get in, so say where the real one lives.
    const words = wrap(regular, winAnsi(regular, t('pdfRotating')), 10, qrSide);
    let ty = cardTop - 30 * MM;
    for (const w of words) { text(page, w, qrX, ty, regular, 10, INK); ty -= 14; }
    ty -= 6;
    for (const w of wrapChars(regular, doc.link, 8.5, qrSide)) { text(page, w, qrX, ty, regular, 8.5, ACCENT); ty -= 12; }
  }

  let noteY = cardTop - cardHeight + 20 * MM;
  for (const note of [t('privateNote'), t('fallbackNote')]) {
    for (const w of wrap(regular, winAnsi(regular, note), 8.5, innerWidth)) { text(page, w, inner, noteY, regular, 8.5, MUTED); noteY -= 11; }
  }
  for (const w of wrapChars(regular, t('linkNote', { link: doc.link }), 8.5, innerWidth)) { text(page, w, inner, noteY, regular, 8.5, MUTED); noteY -= 11; }
  return pdf.save();
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

function text(page: PDFPage, value: string, x: number, y: number, font: PDFFont, size: number, color = INK): void {
  page.drawText(value, { x, y, font, size, color });
}

/**
 * Standard PDF fonts speak WinAnsi only (Latin-1 and a few more). A name like "Adébáyọ̀" keeps what
 * WinAnsi has ("Adébáyo") by dropping only the marks it cannot draw; anything else becomes "?",
 * never an exception that would stop a ticket from being sent. (Full Unicode needs an embedded
 * font through @pdf-lib/fontkit.)
 */
export function winAnsi(font: PDFFont, value: string): string {
  const supported = new Set(font.getCharacterSet());
  let out = '';
  for (const ch of value.normalize('NFC')) {
    if (supported.has(ch.codePointAt(0)!)) { out += ch; continue; }
    const decomposed = ch.normalize('NFKD');
    const kept = [...decomposed].filter((c) => supported.has(c.codePointAt(0)!)).join('');
    // A lone combining mark (the grave of "ọ̀") is dropped; an undrawable letter shows as "?".
    out += kept || (/\p{M}/u.test(ch) ? '' : /\s/u.test(ch) ? ' ' : '?');
  }
  return out;
}

/** Cuts a single line to the width with an ellipsis. */
export function fit(font: PDFFont, value: string, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(value, size) <= maxWidth) return value;
  let v = value;
  while (v.length > 1 && font.widthOfTextAtSize(`${v}...`, size) > maxWidth) v = v.slice(0, -1);
  return `${v.trimEnd()}...`;
}

function wrap(font: PDFFont, value: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of value.split(/\s+/)) {
    const next = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(next, size) > maxWidth) { lines.push(current); current = word; } else current = next;
  }
  if (current) lines.push(current);
  return lines;
}

/** Wraps text without spaces (URLs) at any character. */
function wrapChars(font: PDFFont, value: string, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const ch of winAnsi(font, value)) {
    if (current && font.widthOfTextAtSize(current + ch, size) > maxWidth) { lines.push(current); current = ch; } else current += ch;
  }
  if (current) lines.push(current);
  return lines;
}
