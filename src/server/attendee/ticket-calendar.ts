import { utcOffsetMinutes } from '../events/event-policy.service.ts';
import { formatVenueClock, translator, type EmailLocale } from '../notifications/ticket-messages.ts';
import type { TicketDocument } from '../ticket-documents/ticket-document.service.ts';

/**
 * The ticket as a calendar entry (RFC 5545), so "add to calendar" puts the event at the right hour
 * wherever the attendee's phone thinks it is: start and end are the venue's wall clock under its
 * IANA zone (TZID), with a VTIMEZONE giving that zone's offset. Calendar apps that know the zone
 * use their own rules; the VTIMEZONE is for those that do not. It carries one offset, the one at
 * the start — right for any event that does not span a clock change, which a door event never does
 * in practice (African zones keep one offset all year, except Cairo and Casablanca).
 *
 * The description names the ticket code (what door staff can type) but never the PIN or the QR:
 * calendars sync to other devices and get shared.
 */
export function ticketCalendar(doc: TicketDocument, locale: EmailLocale, now: Date): string {
  const t = translator(locale);
  const zone = doc.event.timezone;
  const description = [
    `${t('doors')}: ${formatVenueClock(locale, doc.event.doorsOpenAt, zone)}`,
    `${t('type')}: ${doc.type.name}`,
    `${t('code')}: ${doc.code}`,
    t('linkNote', { link: doc.link }),
  ].join('\n');
  const lines = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Karibu//Ticket//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH',
    'BEGIN:VTIMEZONE', `TZID:${zone}`,
    'BEGIN:STANDARD', 'DTSTART:19700101T000000',
    `TZOFFSETFROM:${offsetText(utcOffsetMinutes(zone, doc.event.startsAt))}`,
    `TZOFFSETTO:${offsetText(utcOffsetMinutes(zone, doc.event.startsAt))}`,
    'END:STANDARD', 'END:VTIMEZONE',
    'BEGIN:VEVENT',
    `UID:${doc.ticketId}@karibu`,
    `DTSTAMP:${utcStamp(now)}`,
    `DTSTART;TZID=${zone}:${wallClock(doc.event.startsAt, zone)}`,
    `DTEND;TZID=${zone}:${wallClock(doc.event.endsAt, zone)}`,
    `SUMMARY:${escapeText(doc.event.name)}`,
    `LOCATION:${escapeText(doc.event.venueName)}`,
    `DESCRIPTION:${escapeText(description)}`,
    `URL:${doc.link}`,
    'END:VEVENT', 'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 2026-12-05T08:00:00Z in Africa/Lagos → 20261205T090000 (local, no Z). */
function wallClock(at: Date, zone: string): string {
  const local = new Date(at.getTime() + utcOffsetMinutes(zone, at) * 60_000);
  return `${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}`
    + `T${pad(local.getUTCHours())}${pad(local.getUTCMinutes())}${pad(local.getUTCSeconds())}`;
}

function utcStamp(at: Date): string {
  return `${at.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}`;
}

/** TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets folded with CRLF + space, never inside a UTF-8 character. */
export function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let start = 0;
  let limit = 75;
  while (start < bytes.length) {
    let end = Math.min(start + limit, bytes.length);
    // Step back off UTF-8 continuation bytes (10xxxxxx) so a character is never split.
    while (end < bytes.length && (bytes[end]! & 0xc0) === 0x80) end--;
    parts.push(bytes.subarray(start, end).toString('utf8'));
    start = end;
    limit = 74; // continuation lines start with a space
  }
  return parts.join('\r\n ');
}
