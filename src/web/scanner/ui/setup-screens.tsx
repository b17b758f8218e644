// Before scanning: pair the phone (once), sign in, choose event, gate and direction.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Direction } from '../../../core/index.ts';
import type { MessageKey } from '../messages/en.ts';
import { i18n, t } from '../i18n.ts';
import { errorWords } from '../services/error-words.ts';
import { unlockAudio } from '../services/feedback.service.ts';
import { choose, loadDeviceInfo, login, pair, setupCodeFrom, signOut, unpair } from '../services/session.service.ts';
import { events, gates, online, selection, session, venueTimeZone } from '../state.ts';
import { CameraView } from './camera-view.tsx';
import { IconCamera, IconEnter, IconExit } from './icons.tsx';
import { LanguagePicker } from './language-picker.tsx';

/**
 * The server's error codes in the phone's language: its own message is English, and door staff
 * may read Amharic or Arabic. Codes the setup screens can meet have their own words.
 */
const ERROR_WORDS: Record<string, MessageKey> = {
  not_found: 'error.setupCode', invalid_credentials: 'error.badLogin', forbidden: 'error.notAssigned',
  unauthorized: 'error.unpaired', rate_limited: 'error.tooMany', locked_out: 'error.tooMany',
};

const errorText = (err: unknown): string => errorWords(err, ERROR_WORDS);

function Page({ title, children }: { title: string; children: ComponentChildren }) {
  return (
    <main class="page">
      <div class="page__top">
        <p class="brand">{t('app.name')}</p>
        <LanguagePicker />
      </div>
      <h1 class="page__title">{title}</h1>
      {children}
    </main>
  );
}

function useSubmit(action: () => Promise<void>): [boolean, string | null, (e: Event) => void] {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = (e: Event) => {
    e.preventDefault();
    if (busy) return;
    unlockAudio(); // a tap: the moment browsers allow sound to start
    setBusy(true);
    setError(null);
    action().catch((err: unknown) => setError(errorText(err))).finally(() => setBusy(false));
  };
  return [busy, error, run];
}


/** An event's start in the venue's time zone (a phone's own zone may be anything). */
function eventTime(iso: string): string {
  const timeZone = venueTimeZone.value;
  // dateStyle/timeStyle cannot be combined with timeZoneName: the venue's zone only.
  return new Intl.DateTimeFormat(i18n.locale.value, { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) })
    .format(Date.parse(iso));
}
export function PairScreen() {
  // Opened from the setup QR by the phone's camera app: /scan#pair=CODE.
  const initial = new URLSearchParams(location.hash.slice(1)).get('pair') ?? '';
  const [code, setCode] = useState(initial);
  const [name, setName] = useState('');
  const [scanning, setScanning] = useState(false);
  const [busy, error, submit] = useSubmit(() => pair(code, name));
  // Opened from the setup QR: pair at once, nothing to type.
  useEffect(() => { if (initial) submit(new Event('submit')); }, []);
  return (
    <Page title={t('pair.title')}>
      <p class="page__intro">{t('pair.intro')}</p>
      <form class="form" onSubmit={submit}>
        {scanning ? (
          <div class="form__camera">
            <CameraView onCode={async (text) => { setCode(setupCodeFrom(text)); setScanning(false); }} />
          </div>
        ) : (
          <button type="button" class="btn btn--secondary btn--block" onClick={() => setScanning(true)}>
            <IconCamera size={22} />{t('pair.scan')}
          </button>
        )}
        <label class="field">
          <span class="field__label">{t('pair.code')}</span>
          <input class="field__input field__input--code" name="setupCode" value={code} required autocomplete="off"
            autocapitalize="characters" spellcheck={false} onInput={(e) => setCode((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field__label">{t('pair.name')}</span>
          <input class="field__input" name="deviceName" value={name} placeholder={t('pair.namePlaceholder')} maxLength={60}
            onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </label>
        {error ? <p class="feedback feedback--error" role="alert">{error}</p> : null}
        <button type="submit" class="btn btn--primary btn--block" disabled={busy || !code.trim()}>
          {busy ? t('common.working') : t('pair.submit')}
        </button>
      </form>
    </Page>
  );
}

export function LoginScreen() {
  const [email, setEmail] = useState(session.value?.email ?? '');
  const [password, setPassword] = useState('');
  const [busy, error, submit] = useSubmit(() => login(email, password));
  const device = session.value?.device;
  return (
    <Page title={t('login.title')}>
      {device ? <p class="page__intro">{t('login.paired', { name: device.name ?? device.id.slice(0, 8) })}</p> : null}
      <form class="form" onSubmit={submit}>
        <label class="field">
          <span class="field__label">{t('login.email')}</span>
          <input class="field__input" type="email" name="email" value={email} required autocomplete="username"
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field__label">{t('login.password')}</span>
          <input class="field__input" type="password" name="password" value={password} required autocomplete="current-password"
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </label>
        {!online.value ? <p class="feedback feedback--error">{t('error.network')}</p> : null}
        {error ? <p class="feedback feedback--error" role="alert">{error}</p> : null}
        <button type="submit" class="btn btn--primary btn--block" disabled={busy}>{busy ? t('common.working') : t('login.submit')}</button>
      </form>
      <button type="button" class="btn btn--ghost btn--block page__footer-action"
        onClick={() => { if (confirm(t('login.unpairConfirm'))) void unpair(); }}>{t('login.unpair')}</button>
    </Page>
  );
}

export function SetupScreen() {
  const current = selection.value;
  const [eventId, setEventId] = useState(current?.eventId ?? '');
  const [gateId, setGateId] = useState(current?.gateId ?? '');
  const [direction, setDirection] = useState<Direction>(current?.direction ?? 'in');
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    loadDeviceInfo().then(() => setLoadError(null)).catch((err: unknown) => setLoadError(errorText(err)));
  }, []);
  useEffect(() => {
    if (!eventId && events.value.length === 1) setEventId(events.value[0]!.id);
    if (!gateId && gates.value.length === 1) setGateId(gates.value[0]!.id);
  }, [events.value, gates.value]);
  const [busy, error, submit] = useSubmit(() => choose({ eventId, gateId, direction }));
  return (
    <Page title={t('setup.title')}>
      {loadError ? (
        <p class="feedback feedback--error" role="alert">
          {events.value.length ? t('setup.offlineCached') : t('setup.loadFailed', { message: loadError })}
        </p>
      ) : null}
      <form class="form" onSubmit={submit}>
        <fieldset class="choice">
          <legend class="field__label">{t('setup.event')}</legend>
          {events.value.length === 0 && !loadError ? <p class="page__intro">{t('setup.noEvents')}</p> : null}
          {events.value.map((e) => (
            <label key={e.id} class={`choice__option ${eventId === e.id ? 'choice__option--on' : ''}`}>
              <input type="radio" name="event" value={e.id} checked={eventId === e.id} onChange={() => setEventId(e.id)} />
              <span dir="auto">{e.name}</span>
              {e.startsAt ? <small>{eventTime(e.startsAt)}</small> : null}
            </label>
          ))}
        </fieldset>
        <fieldset class="choice">
          <legend class="field__label">{t('setup.gate')}</legend>
          {gates.value.map((g) => (
            <label key={g.id} class={`choice__option ${gateId === g.id ? 'choice__option--on' : ''}`}>
              <input type="radio" name="gate" value={g.id} checked={gateId === g.id} onChange={() => setGateId(g.id)} />
              <span dir="auto">{g.name}</span>
              <small>{t('setup.zone', { zone: g.zoneName || g.zone })}</small>
            </label>
          ))}
        </fieldset>
        <fieldset class="choice choice--row">
          <legend class="field__label">{t('setup.direction')}</legend>
          {(['in', 'out'] as const).map((d) => (
            <label key={d} class={`choice__option choice__option--${d} ${direction === d ? 'choice__option--on' : ''}`}>
              <input type="radio" name="direction" value={d} checked={direction === d} onChange={() => setDirection(d)} />
              {d === 'in' ? <IconEnter size={24} /> : <IconExit size={24} />}
              <span>{t(d === 'in' ? 'direction.in' : 'direction.out')}</span>
            </label>
          ))}
        </fieldset>
        {error ? <p class="feedback feedback--error" role="alert">{error}</p> : null}
        <button type="submit" class="btn btn--primary btn--block" disabled={busy || !eventId || !gateId}>{t('setup.start')}</button>
      </form>
      <button type="button" class="btn btn--ghost btn--block page__footer-action" onClick={() => void signOut()}>{t('setup.signOut')}</button>
    </Page>
  );
}
