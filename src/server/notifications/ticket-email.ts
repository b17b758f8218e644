import type { TicketDocument } from '../ticket-documents/ticket-document.service.ts';
import { qrPng } from './qr-image.ts';
import { formatVenueClock, formatVenueTime, translator, type EmailLocale } from './ticket-messages.ts';

// pdf-lib is large (~0.3 s to load): loaded on the first PDF, not at server start.
const renderTicketPdf = async (...args: Parameters<typeof import('./ticket-pdf.ts').renderTicketPdf>) =>
  (await import('./ticket-pdf.ts')).renderTicketPdf(...args);

/**
 * The ticket email: a short text part (every client, screen readers), an HTML part built with
 * tables and inline styles (what email clients render), the QR as an inline image referenced by
 * cid (remote images are blocked by most clients; data: URIs by Gmail), and the PDF ticket.
 * Rotating-only tickets get no QR image and no printable code: the link is the ticket.
 */
export const QR_CID = 'ticket-qr@karibu';

export interface TicketEmail {
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Buffer; contentType: string; cid?: string; contentDisposition?: 'inline' | 'attachment' }[];
}

const RTL_LOCALES = new Set<string>(['ar', 'he', 'fa', 'ur']);

export async function buildTicketEmail(doc: TicketDocument, locale: EmailLocale): Promise<TicketEmail> {
  const t = translator(locale);
  const dir = RTL_LOCALES.has(locale) ? 'rtl' : 'ltr';
  const when = formatVenueTime(locale, doc.event.startsAt, doc.event.timezone);
  const doors = formatVenueClock(locale, doc.event.doorsOpenAt, doc.event.timezone);
  const staticQr = doc.qr !== null && doc.type.allowStatic;
  const note = staticQr ? t('staticNote') : t('rotatingNote');
  const facts: [string, string][] = [
    [t('event'), doc.event.name], [t('when'), when], [t('doors'), doors], [t('venue'), doc.event.venueName],
    [t('holder'), doc.holderName], [t('type'), doc.type.name], [t('code'), doc.code], [t('pin'), doc.pin],
  ];

  const text = [
    t('greeting', { name: doc.holderName }), '',
    t('intro', { event: doc.event.name }), '',
    ...facts.map(([k, v]) => `${k}: ${v}`), '',
    note, '',
    t('linkNote', { link: doc.link }), '',
    t('fallbackNote'), t('privateNote'), '',
    t('footer', { organizer: doc.event.organizerName }),
  ].join('\n');

  const e = escapeHtml;
  const rows = facts.map(([k, v], i) => `<tr><td style="padding:6px 0;color:#55607a;font-size:13px;width:40%">${e(k)}</td>`
    + `<td style="padding:6px 0;color:#0f172a;font-size:15px;font-weight:600${i >= 6 ? ';font-family:ui-monospace,Menlo,Consolas,monospace;letter-spacing:1px' : ''}">${e(v)}</td></tr>`).join('');
  const qrBlock = staticQr
    ? `<tr><td align="center" style="padding:8px 24px 0"><img src="cid:${QR_CID}" width="280" height="280" alt="${e(`QR ${doc.code}`)}" style="display:block;width:280px;height:280px;border:0"></td></tr>`
    : '';
  const html = `<!doctype html><html lang="${locale}" dir="${dir}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(t('subject', { event: doc.event.name }))}</title></head>
<body style="margin:0;padding:0;background:#f1f5f9;font-family:-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f1f5f9"><tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:520px;background:#ffffff;border-radius:12px;overflow:hidden">
<tr><td style="background:#0d755c;padding:20px 24px;color:#ffffff"><div style="font-size:12px;letter-spacing:1px;text-transform:uppercase;opacity:.85">${e(doc.event.organizerName)}</div><div style="font-size:22px;font-weight:700;margin-top:4px">${e(doc.event.name)}</div></td></tr>
<tr><td style="padding:20px 24px 0;color:#0f172a;font-size:15px;line-height:1.5"><p style="margin:0 0 8px">${e(t('greeting', { name: doc.holderName }))}</p><p style="margin:0">${e(t('intro', { event: doc.event.name }))}</p></td></tr>
${qrBlock}
<tr><td align="center" style="padding:20px 24px 4px"><a href="${e(doc.link)}" style="display:inline-block;background:#0d755c;color:#ffffff;text-decoration:none;font-weight:700;font-size:16px;padding:14px 28px;border-radius:8px">${e(t('openTicket'))}</a></td></tr>
<tr><td style="padding:12px 24px;color:#334155;font-size:14px;line-height:1.5">${e(note)}</td></tr>
<tr><td style="padding:0 24px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-top:1px solid #e2e8f0">${rows}</table></td></tr>
<tr><td style="padding:16px 24px 24px;color:#55607a;font-size:13px;line-height:1.5"><p style="margin:0 0 6px">${e(t('fallbackNote'))}</p><p style="margin:0 0 6px">${e(t('privateNote'))}</p><p style="margin:0;word-break:break-all">${e(t('linkNote', { link: doc.link }))}</p></td></tr>
</table>
<p style="color:#94a3b8;font-size:12px;margin:16px 0 0">${e(t('footer', { organizer: doc.event.organizerName }))}</p>
</td></tr></table></body></html>`;

  const attachments: TicketEmail['attachments'] = [];
  if (staticQr) {
    attachments.push({ filename: 'ticket-qr.png', content: await qrPng(doc.qr!, 560), contentType: 'image/png', cid: QR_CID, contentDisposition: 'inline' });
  }
  if (doc.status === 'valid') {
    attachments.push({
      filename: `ticket-${doc.code}.pdf`, content: Buffer.from(await renderTicketPdf(doc, locale)),
      contentType: 'application/pdf', contentDisposition: 'attachment',
    });
  }
  return { subject: t('subject', { event: doc.event.name }), text, html, attachments };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
