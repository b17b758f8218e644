// Free registration (/e/{slug}/register): name, email, optional phone. The server enforces
// capacity and duplicates; this page only has to be quick to fill on a small phone and to say
// clearly what happened.
import { useEffect, useState } from 'preact/hooks';
import { fetchPublicEvent, submitRegistration, type PublicEvent } from './attendee-api.ts';
import { formatVenueTime } from './format.ts';
import { i18n, t } from './i18n.ts';
import { LanguagePicker } from './language-picker.tsx';
import type { MessageKey } from './messages/en.ts';

type Outcome =
  | { kind: 'idle' }
  | { kind: 'sending' }
  | { kind: 'check_email'; email: string }
  | { kind: 'error'; text: string };

export function RegisterPage({ slug }: { slug: string }) {
  const [event, setEvent] = useState<PublicEvent | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });

  const load = async () => {
    setLoadError(null);
    const result = await fetchPublicEvent(slug);
    if (result.ok) setEvent(result.data);
    else setLoadError(result.status === 404 ? t('register.state.unavailable') : result.status === 0 ? t('register.error.network') : t('error.generic'));
  };
  useEffect(() => { void load(); }, [slug]);
  useEffect(() => { document.title = event ? `${t('register.title')} · ${event.name}` : t('register.title'); }, [event, i18n.locale.value]);

  const onSubmit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const phone = String(form.get('phone') ?? '').trim();
    setOutcome({ kind: 'sending' });
    const result = await submitRegistration(slug, {
      name: String(form.get('name') ?? '').trim(), email: String(form.get('email') ?? '').trim(),
      ...(phone ? { phone } : {}), locale: i18n.locale.value,
    });
    if (result.ok) {
      if (result.data.status === 'registered') {
        // Same origin as this page, whatever PUBLIC_URL says: the ticket must open here.
        location.assign(new URL(result.data.ticketUrl, location.href).pathname);
        return;
      }
      setOutcome({ kind: 'check_email', email: result.data.email });
      return;
    }
    // The server's own message is English; the guest reads their language.
    const known: Partial<Record<string, MessageKey>> = {
      capacity_reached: 'register.state.full', rate_limited: 'register.error.rate_limited', network: 'register.error.network',
      validation_failed: 'register.error.invalid', unprocessable: 'register.error.invalid', bad_request: 'register.error.invalid',
      already_exists: 'register.error.already_exists', gone: 'register.state.closed', not_found: 'register.state.unavailable',
      unavailable: 'register.error.mail_down', not_configured: 'register.error.mail_down',
    };
    const key = known[result.code];
    setOutcome({ kind: 'error', text: t(key ?? 'error.generic') });
    if (result.code === 'capacity_reached' || result.code === 'gone') void load();
  };

  const state = event?.registration.state;
  return (
    <div class="page">
      <header class="top">
        <span class="brand" aria-hidden="true">Karibu</span>
        <LanguagePicker />
      </header>
      <main class="content">
        {loadError && <div class="message problem" role="alert"><p>{loadError}</p><button type="button" class="btn" onClick={() => void load()}>{t('common.retry')}</button></div>}
        {!event && !loadError && <p class="message" role="status">…</p>}
        {event && (
          <article class="ticket register">
            <div class="ticket-head">
              <p class="organizer">{t('register.title')}</p>
              <h1>{event.name}</h1>
              <p class="when">{formatVenueTime(i18n.locale.value, event.startsAt, event.timezone, true)}</p>
              <p class="where">{event.venue}</p>
            </div>
            <div class="register-body">
              {outcome.kind === 'check_email' ? (
                <p class="success" role="status" data-testid="register-done">{t('register.checkEmail', { email: outcome.email })}</p>
              ) : state !== 'open' ? (
                <p class="message problem" role="alert">{t(`register.state.${state ?? 'unavailable'}`)}</p>
              ) : (
                <form onSubmit={onSubmit} class="form" novalidate={false}>
                  <p>{event.registration.emailDelivery ? t('register.intro') : t('register.introNoEmail')}</p>
                  {event.registration.spotsLeft !== null && event.registration.spotsLeft <= 50 && (
                    <p class="chip">{t('register.spotsLeft', { count: event.registration.spotsLeft })}</p>
                  )}
                  <label>{t('register.name')}
                    <input name="name" required maxLength={200} autoComplete="name" autoCapitalize="words" />
                  </label>
                  <label>{t('register.email')}
                    <input name="email" type="email" required maxLength={320} autoComplete="email" inputMode="email" dir="ltr" />
                  </label>
                  <label>{t('register.phone')}
                    <input name="phone" type="tel" maxLength={32} autoComplete="tel" inputMode="tel" dir="ltr" aria-describedby="phone-hint" />
                    <span id="phone-hint" class="small">{t('register.phoneHint')}</span>
                  </label>
                  {outcome.kind === 'error' && <p class="form-error" role="alert">{outcome.text}</p>}
                  <button type="submit" class="btn" disabled={outcome.kind === 'sending'}>
                    {outcome.kind === 'sending' ? t('register.sending') : t('register.submit')}
                  </button>
                </form>
              )}
            </div>
          </article>
        )}
      </main>
    </div>
  );
}
