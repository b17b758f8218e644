// The attendee's ticket (/t/{secret}): a large QR that rotates every 30 s when the ticket type
// demands it, the same facts as text (and for screen readers), full screen with the screen kept
// awake, and everything it needs kept on the phone so it opens with no network at all.
import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { appendRotatingCode, ROTATION_STEP_MS } from '../../core/rotation.ts';
import type { AttendeeTicket } from './attendee-api.ts';
import { saveTicketLanguage, ticketPdfUrl } from './attendee-api.ts';
import { useServerNow } from './clock.ts';
import { formatVenueTime } from './format.ts';
import { enterFullscreen, exitFullscreen, useFullscreenExit, useWakeLock } from './fullscreen.ts';
import { i18n, t } from './i18n.ts';
import { LanguagePicker } from './language-picker.tsx';
import { QrCode } from '../shared/qr-code.tsx';
import { readSaved, refreshTicket, type SavedTicket } from './ticket-store.ts';
import { TicketActions } from './ticket-actions.tsx';
import { TicketPhoto } from './ticket-photo.tsx';
import { MyCredits } from './my-credits.tsx';

type Phase = 'loading' | 'ready' | 'not_found' | 'offline_unknown' | 'error';

export function TicketPage({ secret }: { secret: string }) {
  const [saved, setSaved] = useState<SavedTicket | null>(() => readSaved(secret));
  const [phase, setPhase] = useState<Phase>(() => (saved ? 'ready' : 'loading'));
  const [offline, setOffline] = useState(() => !navigator.onLine);

  const refresh = useCallback(async () => {
    const result = await refreshTicket(secret);
    if (result.kind === 'fresh') { setSaved(result.saved); setPhase('ready'); setOffline(false); return; }
    if (result.kind === 'not_found') { setSaved(null); setPhase('not_found'); return; }
    if (result.kind === 'offline') setOffline(true);
    // Whatever went wrong, a saved ticket keeps showing: the door only needs the code.
    setPhase((p) => (p === 'ready' ? p : result.kind === 'offline' ? 'offline_unknown' : 'error'));
  }, [secret]);

  useEffect(() => {
    void refresh();
    const onOnline = () => { setOffline(false); void refresh(); };
    const onOffline = () => setOffline(true);
    window.addEventListener('online', onOnline);
    window.addEventListener('offline', onOffline);
    return () => { window.removeEventListener('online', onOnline); window.removeEventListener('offline', onOffline); };
  }, [refresh]);

  useEffect(() => {
    document.title = saved ? `${t('ticket.title')} · ${saved.data.event.name}` : t('ticket.title');
  }, [saved, i18n.locale.value]);

  return (
    <div class="page">
      <header class="top">
        <span class="brand" aria-hidden="true">Karibu</span>
        <LanguagePicker onPicked={(code) => void saveTicketLanguage(secret, code)} />
      </header>
      <main class="content">
        {phase === 'ready' && saved ? <TicketView secret={secret} saved={saved} offline={offline} onChanged={() => void refresh()} />
          : phase === 'loading' ? <p class="message" role="status">{t('common.loading')}</p>
          : <Problem phase={phase} onRetry={() => { setPhase('loading'); void refresh(); }} />}
      </main>
    </div>
  );
}

function Problem({ phase, onRetry }: { phase: Phase; onRetry: () => void }) {
  const text = phase === 'not_found' ? t('error.notFound') : phase === 'offline_unknown' ? t('error.offlineFirst') : t('error.generic');
  return (
    <div class="message problem" role="alert">
      <p>{text}</p>
      {phase !== 'not_found' && <button type="button" class="btn" onClick={onRetry}>{t('common.retry')}</button>}
    </div>
  );
}

function decodeKey(base64url: string): Uint8Array {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  return Uint8Array.from(atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

function TicketView({ secret, saved, offline, onChanged }: { secret: string; saved: SavedTicket; offline: boolean; onChanged: () => void }) {
  const { ticket, event } = saved.data;
  const locale = i18n.locale.value;
  const now = useServerNow(saved.clockOffsetMs);
  const rotationKey = useMemo(() => (ticket.rotation ? decodeKey(ticket.rotation.key) : null), [ticket.rotation?.key]);
  const stepMs = ticket.rotation?.stepMs ?? ROTATION_STEP_MS;
  // The code changes only at step boundaries; recomputing per second would redraw for nothing.
  const step = Math.floor(now / stepMs);
  const qrText = useMemo(() => {
    if (!ticket.qr) return null;
    return rotationKey ? appendRotatingCode(ticket.qr, rotationKey, step * stepMs) : ticket.qr;
  }, [ticket.qr, rotationKey, step, stepMs]);
  const secondsLeft = Math.max(1, Math.ceil(((step + 1) * stepMs - now) / 1000));
  const [full, setFull] = useState(false);
  const close = useCallback(() => { setFull(false); exitFullscreen(); }, []);
  useWakeLock(full);
  useFullscreenExit(full, close);

  const phoneZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zoneName = event.timezone.split('/').pop()!.replace(/_/g, ' ');
  const skewSeconds = Math.round(saved.clockOffsetMs / 1000);
  const qrLabel = t('ticket.qrLabel', { name: ticket.holderName });
  const countdown = rotationKey && (
    <div class="countdown" role="timer" data-testid="countdown">
      <div class="countdown-bar" aria-hidden="true"><span style={{ inlineSize: `${(secondsLeft * 1000 / stepMs) * 100}%` }} /></div>
      <span>{t('ticket.newCodeIn', { count: secondsLeft })}</span>
    </div>
  );

  return (
    <>
      <article class="ticket" aria-labelledby="event-name">
        <div class="ticket-head">
          <p class="organizer">{event.organizerName}</p>
          <h1 id="event-name">{event.name}</h1>
          <p class="when"><span class="visually-hidden">{t('ticket.when')}: </span>{formatVenueTime(locale, event.startsAt, event.timezone, true)}</p>
          <p class="where"><span class="visually-hidden">{t('ticket.where')}: </span>{event.venueName}</p>
        </div>

        {ticket.status !== 'valid' ? (
          <div class="void" role="alert" data-testid="ticket-status">
            <p class="void-title">{t(`status.${ticket.status}`)}</p>
            <p>{t('status.contact', { organizer: event.organizerName })}</p>
          </div>
        ) : qrText && (
          <div class="qr-zone">
            <button type="button" class="qr-button" onClick={() => { enterFullscreen(); setFull(true); }}
              aria-label={`${qrLabel} ${t('ticket.tapToEnlarge')}`}>
              <QrCode text={qrText} label={qrLabel} class="qr" />
            </button>
            {countdown}
            <p class="hint" aria-hidden="true">{t('ticket.tapToEnlarge')}</p>
          </div>
        )}

        <div class="perforation" aria-hidden="true" />
        <dl class="facts">
          <div class="fact wide"><dt>{t('ticket.holder')}</dt><dd class="holder">{ticket.holderName}</dd></div>
          <div class="fact"><dt>{t('ticket.code')}</dt><dd class="mono" dir="ltr" data-testid="ticket-code">{ticket.code}</dd></div>
          <div class="fact"><dt>{t('ticket.pin')}</dt><dd class="mono" dir="ltr" data-testid="ticket-pin">{ticket.pin}</dd></div>
          <div class="fact"><dt>{t('ticket.type')}</dt><dd><span class="chip">{ticket.type.name}</span></dd></div>
          <div class="fact"><dt>{t('ticket.doorsLabel')}</dt><dd>{formatVenueTime(locale, event.doorsOpenAt, event.timezone, false)}</dd></div>
        </dl>
        {phoneZone !== event.timezone && <p class="zone-note small">{t('ticket.venueTime', { zone: zoneName })}</p>}
      </article>

      <section class="notes">
        {offline && <p class="badge offline" role="status" data-testid="offline-badge">{t('state.offline')} {t('state.savedAt', { ago: i18n.relative(saved.savedAt, Date.now()) })}</p>}
        {ticket.status === 'valid' && <p>{rotationKey ? t('ticket.rotatingNote') : t('ticket.staticNote')}</p>}
        {Math.abs(skewSeconds) >= 30 && <p class="small">{t('state.clockFixed', { count: Math.abs(skewSeconds) })}</p>}
        <p class="small">{t('ticket.fallback')}</p>
        <p class="small">{t('ticket.private')}</p>
        {ticket.printable && (
          <div class="actions">
            <button type="button" class="btn secondary" onClick={() => window.print()}>{t('ticket.print')}</button>
            <a class="btn secondary" href={ticketPdfUrl(secret, locale)} download={`ticket-${ticket.code}.pdf`}>{t('ticket.pdf')}</a>
          </div>
        )}
      </section>

      <TicketActions secret={secret} data={saved.data} offline={offline} onChanged={onChanged} />
      {!offline && <TicketPhoto secret={secret} ticket={saved.data.ticket} onChanged={onChanged} />}
      <MyCredits secret={secret} offline={offline} />

      {full && qrText && (
        <div class="fullscreen" role="dialog" aria-modal="true" aria-label={qrLabel} onClick={close} data-testid="fullscreen">
          <QrCode text={qrText} label={qrLabel} class="qr-full" />
          <p class="full-name">{ticket.holderName} · <span dir="ltr">{ticket.code}</span></p>
          {countdown}
          <p class="small">{t('ticket.fullscreenHint')}</p>
          <button type="button" class="btn" onClick={close}>{t('ticket.closeFullscreen')}</button>
        </div>
      )}
    </>
  );
}
