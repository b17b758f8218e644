import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { PdfText } from '../pdf/pdf-text.ts';
import type { Weight } from '../pdf/pdf-fonts.ts';
import type { EmailLocale } from '../notifications/ticket-messages.ts';
import type { TicketDocument } from '../ticket-documents/ticket-document.service.ts';
import { certificateText } from './certificate-messages.ts';
import { groupedCode, type IssuedCertificate } from './certificate.service.ts';

/**
 * The CPD certificate: one landscape A4 page in the holder's language — who, which event, the
 * credits in total and per session earned, who issued it and when, and the verification code with
 * the URL that confirms it. Text goes through PdfText (any script, Arabic shaped and in
 * right-to-left order); in Arabic the session table is mirrored (name on the right). Digits stay
 * Latin in every language, as the code and the URL are, so a reader checking one against the
 * other compares like with like.
 */
const PAGE: [number, number] = [841.89, 595.28];
const MM = 72 / 25.4;
const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.33, 0.37, 0.45);
const ACCENT = rgb(0.05, 0.46, 0.36);

const numberTag = (locale: EmailLocale) => `${locale}-u-nu-latn`;

export function formatCredits(locale: EmailLocale, credits: number): string {
  return new Intl.NumberFormat(numberTag(locale), { maximumFractionDigits: 2 }).format(credits);
}

export async function renderCertificatePdf(doc: TicketDocument, cert: IssuedCertificate, url: string, locale: EmailLocale): Promise<Uint8Array> {
  const t = certificateText(locale);
  const rtl = locale === 'ar';
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${t('pdfTitle')} — ${doc.event.name}`);
  pdf.setAuthor(doc.event.organizerName);
  pdf.setCreator('Karibu');
  pdf.setLanguage(locale);
  const page = pdf.addPage(PAGE);
  const txt = PdfText.for(pdf);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const [width, height] = PAGE;
  const margin = 16 * MM;
  const inner = width - 2 * margin - 16 * MM;
  const centre = (value: string, y: number, size: number, color = INK, weight: Weight = 'regular') => {
    const line = txt.fit(value, size, inner, weight);
    txt.draw(page, line, (width - txt.width(line, size, weight)) / 2, y, { size, color, weight });
  };

  page.drawRectangle({ x: margin, y: margin, width: width - 2 * margin, height: height - 2 * margin, borderColor: ACCENT, borderWidth: 2 });
  page.drawRectangle({ x: margin + 3 * MM, y: margin + 3 * MM, width: width - 2 * margin - 6 * MM, height: height - 2 * margin - 6 * MM, borderColor: rgb(0.8, 0.83, 0.88), borderWidth: 0.75 });

  let y = height - margin - 22 * MM;
  centre(doc.event.organizerName.toLocaleUpperCase(locale), y, 10, MUTED);
  y -= 16 * MM;
  centre(t('title'), y, 28, ACCENT, 'bold');
  y -= 14 * MM;
  centre(t('awardedTo'), y, 12, MUTED);
  y -= 13 * MM;
  centre(doc.holderName, y, 24, INK, 'bold');
  y -= 11 * MM;
  for (const line of txt.wrap(t('attended', { event: doc.event.name }), 13, inner).slice(0, 2)) { centre(line, y, 13); y -= 6.5 * MM; }
  y -= 4 * MM;
  centre(t('creditsEarned', { credits: formatCredits(locale, cert.credits) }), y, 16, INK, 'bold');
  y -= 12 * MM;

  // The sessions earned, up to what fits above the footer (a long programme lists the first ones).
  const earned = cert.statement.sessions.filter((s) => s.earned);
  const tableWidth = 180 * MM;
  const left = (width - tableWidth) / 2;
  const nameWidth = tableWidth - 60 * MM;
  const cols = rtl
    ? { name: [left + 60 * MM, nameWidth] as const, minutes: [left + 30 * MM, 30 * MM] as const, credits: [left, 30 * MM] as const }
    : { name: [left, nameWidth] as const, minutes: [left + nameWidth, 30 * MM] as const, credits: [left + nameWidth + 30 * MM, 30 * MM] as const };
  const cell = (value: string, [x, w]: readonly [number, number], cy: number, size: number, color = INK, weight: Weight = 'regular', alignEnd = false) => {
    const line = txt.fit(value, size, w - 2 * MM, weight);
    const lw = txt.width(line, size, weight);
    const atEnd = alignEnd !== rtl;
    txt.draw(page, line, atEnd ? x + w - lw - 1 * MM : x + 1 * MM, cy, { size, color, weight });
  };
  const footerTop = margin + 34 * MM;
  const rowHeight = 6 * MM;
  cell(t('colSession'), cols.name, y, 8.5, MUTED, 'bold');
  cell(t('colMinutes'), cols.minutes, y, 8.5, MUTED, 'bold', true);
  cell(t('colCredits'), cols.credits, y, 8.5, MUTED, 'bold', true);
  page.drawLine({ start: { x: left, y: y - 2 * MM }, end: { x: left + tableWidth, y: y - 2 * MM }, thickness: 0.5, color: MUTED });
  y -= rowHeight + 1 * MM;
  for (const s of earned) {
    if (y < footerTop) break;
    cell(s.name, cols.name, y, 10);
    cell(new Intl.NumberFormat(numberTag(locale)).format(s.minutes), cols.minutes, y, 10, INK, 'regular', true);
    cell(formatCredits(locale, s.earnedCredits), cols.credits, y, 10, INK, 'regular', true);
    y -= rowHeight;
  }

  const date = new Intl.DateTimeFormat(numberTag(locale), { timeZone: doc.event.timezone, dateStyle: 'long' }).format(cert.issuedAt);
  let fy = margin + 24 * MM;
  centre(t('issued', { organizer: doc.event.organizerName, date }), fy, 10, MUTED);
  fy -= 6 * MM;
  centre(t('code', { code: groupedCode(cert.code) }), fy, 10, INK, 'bold');
  fy -= 6 * MM;
  for (const line of txt.wrapAnywhere(t('verify', { url }), 9, inner).slice(0, 2)) { centre(line, fy, 9, ACCENT); fy -= 5 * MM; }
  // The bare URL again in Courier: what a reader copies must be plain ASCII, whatever the language.
  page.drawText(url, { x: (width - mono.widthOfTextAtSize(url, 6)) / 2, y: margin + 5 * MM, size: 6, font: mono, color: MUTED });
  return txt.save();
}
