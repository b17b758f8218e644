import { escapeHtml } from '../notifications/ticket-email.ts';
import { LANDING_CATALOGS, LANDING_LOCALES, type LandingLocale } from './landing-messages.ts';

/**
 * The page at `/`: what this server is and where to go from here (console, door scanner, API
 * docs). Rendered on the server from the catalogs, so it needs no JavaScript and no web build: it
 * answers even on a server whose `dist/web` is missing, which is when a visitor most needs to
 * know what they reached.
 */
const LINKS: { href: string; label: 'console' | 'scan' | 'docs'; hint: 'consoleHint' | 'scanHint' | 'docsHint' }[] = [
  { href: '/console', label: 'console', hint: 'consoleHint' },
  { href: '/scan', label: 'scan', hint: 'scanHint' },
  { href: '/docs', label: 'docs', hint: 'docsHint' },
];

const STYLE = [
  'body{margin:0;font:1.05rem/1.5 system-ui,sans-serif;color:#1b1f24;background:#f6f7f9}',
  'main,footer{max-inline-size:40rem;margin-inline:auto;padding:1.5rem}',
  'h1{margin-block:0 .5rem;font-size:2rem}',
  'ul{list-style:none;padding:0}li{margin-block:.75rem}',
  'a{color:#0b57d0}main a{font-weight:600;font-size:1.15rem}',
  'li span{display:block;color:#4a5361}',
  'footer{font-size:.95rem;color:#4a5361}',
  '@media (prefers-color-scheme:dark){body{color:#e8eaed;background:#15181c}a{color:#8ab4f8}li span,footer{color:#b0b6bf}}',
].join('');

export function renderLandingPage(locale: LandingLocale): string {
  const t = LANDING_CATALOGS[locale];
  const e = escapeHtml;
  const links = LINKS.map((l) => `<li><a href="${l.href}">${e(t[l.label])}</a><span>${e(t[l.hint])}</span></li>`).join('');
  const languages = LANDING_LOCALES.map((code) => code === locale
    ? `<strong lang="${code}" aria-current="true">${e(LANDING_CATALOGS[code].languageName)}</strong>`
    : `<a href="/?lang=${code}" hreflang="${code}" lang="${code}">${e(LANDING_CATALOGS[code].languageName)}</a>`).join(' · ');
  return '<!doctype html>'
    + `<html lang="${locale}" dir="${t.dir}"><head><meta charset="utf-8">`
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<title>${e(t.title)}</title><style>${STYLE}</style></head><body>`
    + `<main><h1>Karibu</h1><p>${e(t.lead)}</p>`
    + `<h2>${e(t.choose)}</h2><nav aria-label="${e(t.choose)}"><ul>${links}</ul></nav>`
    + `<p>${e(t.attendees)}</p></main>`
    + `<footer><nav aria-label="${e(t.language)}">${languages}</nav></footer>`
    + '</body></html>';
}
