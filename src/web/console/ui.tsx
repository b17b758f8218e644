// Small pieces every section uses: the result line of an action (success or a translated error,
// announced to screen readers), destructive-action confirmation, and API errors in plain words.
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiError, NetworkError } from '../shared/api-client.ts';
import { i18n, t } from './i18n.ts';
import type { MessageKey } from './messages/en.ts';

/** Wordings of some error codes for one action, where the general one would mislead. */
export type ErrorWords = Partial<Record<string, MessageKey>>;

/** The API's error code in the organizer's language; never the raw JSON. */
export function errorText(err: unknown, words?: ErrorWords): string {
  if (err instanceof NetworkError) return t(err.timedOut ? 'error.timeout' : 'error.network');
  if (err instanceof ApiError) {
    const special = words?.[err.code];
    if (special) return t(special);
    const key = `error.${err.code}`;
    const text = i18n.t(key);
    return text === key ? t('error.unknown', { status: err.status }) : text;
  }
  return t('error.unknown', { status: 0 });
}

export interface Outcome { kind: 'ok' | 'error'; text: string }

/** Runs an action, remembering whether it worked: `outcome` feeds <Notice>. */
export function useAction(words?: ErrorWords) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const run = useCallback(async (action: () => Promise<string | void>): Promise<boolean> => {
    setBusy(true);
    setOutcome(null);
    try {
      const ok = await action();
      if (ok) setOutcome({ kind: 'ok', text: ok });
      return true;
    } catch (err) {
      setOutcome({ kind: 'error', text: errorText(err, words) });
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, outcome, run, setOutcome };
}

export function Notice({ outcome }: { outcome: Outcome | null }) {
  // Always in the DOM so screen readers announce the change; role=alert only for errors.
  return (
    <p class={`notice${outcome ? ` notice--${outcome.kind}` : ''}`} role={outcome?.kind === 'error' ? 'alert' : 'status'}
      data-testid="notice" data-kind={outcome?.kind ?? ''}>
      {outcome?.text ?? ''}
    </p>
  );
}

/** A destructive action: asks first, in words that say what will happen. */
export function confirmThen(question: string, action: () => void): void {
  if (window.confirm(question)) action();
}

export function Field({ label, children, hint }: { label: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span class="field__label">{label}</span>
      {children}
      {hint ? <span class="field__hint">{hint}</span> : null}
    </label>
  );
}

export function SectionHeader({ title, intro }: { title: string; intro?: string }) {
  return (
    <header class="section__header">
      <h1 class="section__title" tabIndex={-1} data-testid="section-title">{title}</h1>
      {intro ? <p class="section__intro">{intro}</p> : null}
    </header>
  );
}

/** Loads once on mount (and again on `reload`), with a loading and an error state. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    let live = true;
    setError(null);
    load().then((d) => { if (live) setData(d); }, (err: unknown) => { if (live) setError(errorText(err)); });
    return () => { live = false; };
  }, [tick, ...deps]);
  return { data, error, reload, setData };
}

export function LanguagePicker() {
  return (
    <label class="lang">
      <span class="visually-hidden">{t('common.language')}</span>
      <select value={i18n.locale.value} onChange={(e) => void i18n.setLocale((e.target as HTMLSelectElement).value)} data-testid="language">
        {i18n.locales.map((l) => <option key={l.code} value={l.code} lang={l.code}>{l.name}</option>)}
      </select>
    </label>
  );
}
