// The attendee pages' calls to /api/v1 (public routes only: the link secret or the event slug is
// the whole credential). Kept apart from the staff ApiClient so this bundle stays tiny; the
// contracts come in as types only, so none of their schema code does.
import type { AttendeeResendAnswer, AttendeeTicket, AttendeeTransferAnswer, AttendeeTransferBody } from '../../contracts/attendee.contract.ts';
import type { PublicEvent, RegistrationBody, RegistrationResult } from '../../contracts/registration.contract.ts';
import type { CreditStatement } from '../../contracts/attendance.contract.ts';

export type { AttendeeTicket, CreditStatement, PublicEvent };

export type Fetched<T> =
  | { ok: true; data: T; receivedAt: number; sentAt: number }
  | { ok: false; status: number; code: string; message: string }
  | { ok: false; status: 0; code: 'network'; message: string };

async function call<T>(method: string, path: string, body?: unknown, timeoutMs = 10_000): Promise<Fetched<T>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const sentAt = Date.now();
  try {
    const response = await fetch(path, {
      method, cache: 'no-store', signal: controller.signal, credentials: 'omit',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const receivedAt = Date.now();
    const json = await response.json().catch(() => null) as { error?: { code?: string; message?: string } } | null;
    if (!response.ok) {
      return { ok: false, status: response.status, code: json?.error?.code ?? 'unknown', message: json?.error?.message ?? response.statusText };
    }
    return { ok: true, data: json as T, receivedAt, sentAt };
  } catch (err) {
    return { ok: false, status: 0, code: 'network', message: String((err as Error)?.message ?? err) };
  } finally {
    clearTimeout(timer);
  }
}

export const fetchTicket = (linkSecret: string) =>
  call<AttendeeTicket>('GET', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}`, undefined, 8_000);

export const ticketPdfUrl = (linkSecret: string, lang: string) =>
  `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/pdf?lang=${encodeURIComponent(lang)}`;

export const ticketCalendarUrl = (linkSecret: string, lang: string) =>
  `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/calendar.ics?lang=${encodeURIComponent(lang)}`;

export const transferTicket = (linkSecret: string, body: AttendeeTransferBody) =>
  call<AttendeeTransferAnswer>('POST', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/transfer`, body, 20_000);

/** The holder's pick, kept with the ticket so emails and SMS replies use it; best effort (offline: not kept). */
export const saveTicketLanguage = (linkSecret: string, language: string) =>
  call<void>('PUT', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/language`, { language }, 8_000);

export const resendTicket = (linkSecret: string, lang: string, to: 'email' | 'phone' = 'email') =>
  call<AttendeeResendAnswer>('POST', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/resend`, { lang, to }, 20_000);

/** The holder's CPD credits (sessions that give credits, minutes, what was earned). */
export const fetchCredits = (linkSecret: string) =>
  call<CreditStatement>('GET', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/credits`, undefined, 8_000);

export const certificateUrl = (linkSecret: string, lang: string) =>
  `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/certificate.pdf?lang=${encodeURIComponent(lang)}`;

// ----- free registration (served by src/server/registration) -----

export const fetchPublicEvent = (slug: string) =>
  call<PublicEvent>('GET', `/api/v1/public/events/${encodeURIComponent(slug)}`);

export const submitRegistration = (slug: string, input: RegistrationBody) =>
  call<RegistrationResult>('POST', `/api/v1/public/events/${encodeURIComponent(slug)}/registrations`, input, 20_000);

/** Photo check: add or replace the holder's photo (a data URL), with their consent. */
export const savePhoto = (linkSecret: string, photo: string) =>
  call<{ hasPhoto: boolean; bytes: number }>('PUT', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/photo`, { photo, consent: true }, 30_000);

export const deletePhoto = (linkSecret: string) =>
  call<void>('DELETE', `/api/v1/attendee/t/${encodeURIComponent(linkSecret)}/photo`, undefined, 10_000);
