// The attendee pages' calls to /api/v1 (public routes only: the link secret or the event slug is
// the whole credential). Kept apart from the staff ApiClient so this bundle stays tiny.

export interface AttendeeTicket {
  ticket: {
    serial: number; code: string; pin: string;
    status: 'valid' | 'cancelled' | 'refunded' | 'transferred' | 'void';
    holderName: string;
    type: { name: string; zones: string[]; allowStatic: boolean };
    /** Static QR text; null unless valid. */
    qr: string | null;
    /** Per-ticket rotation key (base64url) when the code must rotate. */
    rotation: { key: string; stepMs: number } | null;
    printable: boolean;
  };
  event: {
    name: string; startsAt: string; endsAt: string; doorsOpenAt: string;
    timezone: string; venueName: string; organizerName: string;
  };
  serverTime: string;
}

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

// ----- free registration (served by src/server/registration) -----

export type RegistrationState = 'open' | 'not_open_yet' | 'closed' | 'full' | 'unavailable';

export interface PublicEvent {
  slug: string; name: string; venue: string; timezone: string; startsAt: string; endsAt: string; doorsOpenAt: string;
  registration: { state: RegistrationState; ticketType: string | null; spotsLeft: number | null; emailDelivery: boolean };
}

export interface RegistrationInput { name: string; email: string; phone?: string; locale?: string }

export type RegistrationResult =
  | { status: 'check_email'; email: string }
  | { status: 'registered'; ticketUrl: string };

export const fetchPublicEvent = (slug: string) =>
  call<PublicEvent>('GET', `/api/v1/public/events/${encodeURIComponent(slug)}`);

export const submitRegistration = (slug: string, input: RegistrationInput) =>
  call<RegistrationResult>('POST', `/api/v1/public/events/${encodeURIComponent(slug)}/registrations`, input, 20_000);
