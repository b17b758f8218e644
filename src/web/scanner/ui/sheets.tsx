// Bottom sheets over the scan screen: type a code / PIN, find a guest by name (and check in a
// group, a whole order at once — online, or offline on a phone allowed the names). The camera
// keeps running underneath; closing a sheet returns to scanning.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TicketSearchHit } from '../../shared/api-client.ts';
import { errorWords } from '../services/error-words.ts';
import { t } from '../i18n.ts';
import { MANUAL_MAX_LENGTH, manualFeedback } from '../manual-input.ts';
import { groupCheckIn, searchNames, type SearchOutcome } from '../services/door-actions.service.ts';
import { submitScan } from '../services/scan.service.ts';
import { IconCheck, IconCross } from './icons.tsx';

export function Sheet({ title, onClose, children }: { title: string; onClose: () => void; children: ComponentChildren }) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div class="sheet-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div class="sheet" role="dialog" aria-modal="true" aria-label={title}>
        <div class="sheet__head">
          <h2>{title}</h2>
          <button type="button" class="btn btn--ghost btn--small" onClick={onClose} aria-label={t('common.close')}>
            <IconCross size={20} /> {t('common.close')}
          </button>
        </div>
        {children}
      </div>
    </div>
  );
}

export function ManualEntrySheet({ onClose }: { onClose: () => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);
  const feedback = manualFeedback(text);
  const submit = async (e: Event) => {
    e.preventDefault();
    if (!feedback.submit || busy) return;
    setBusy(true);
    try {
      await submitScan(feedback.submit);
      setText('');
    } finally {
      setBusy(false);
      inputRef.current?.focus();
    }
  };
  return (
    <Sheet title={t('manual.title')} onClose={onClose}>
      <form class="manual" onSubmit={submit}>
        <label class="field">
          <span class="field__label">{t('manual.label')}</span>
          <input ref={inputRef} class="field__input field__input--code" data-testid="manual-input" value={text}
            onInput={(e) => setText((e.target as HTMLInputElement).value)}
            autocomplete="off" autocapitalize="characters" spellcheck={false} inputMode="text" maxLength={MANUAL_MAX_LENGTH}
            aria-invalid={feedback.tone === 'error'} aria-describedby="manual-feedback" />
        </label>
        <p id="manual-feedback" class={`feedback feedback--${feedback.tone}`} data-testid="manual-feedback" aria-live="polite">
          {feedback.tone === 'ok' ? <IconCheck size={20} /> : feedback.tone === 'error' ? <IconCross size={20} /> : null}
          {feedback.message ? t(feedback.message, feedback.params) : '\u00a0'}
        </p>
        <button type="submit" class="btn btn--primary btn--block" disabled={!feedback.submit || busy}>{t('manual.submit')}</button>
      </form>
    </Sheet>
  );
}

export function NameSearchSheet({ onClose }: { onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [outcome, setOutcome] = useState<SearchOutcome | null>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  useEffect(() => {
    if (query.trim().length < 2) { setOutcome(null); return; }
    const controller = new AbortController();
    // Wait for a pause in typing: one request per word, not per letter.
    const timer = setTimeout(() => {
      searchNames(query.trim(), controller.signal)
        .then((o) => { setOutcome(o); setError(null); })
        .catch((err: unknown) => { if (!controller.signal.aborted) setError(errorWords(err)); });
    }, 300);
    return () => { clearTimeout(timer); controller.abort(); };
  }, [query]);

  const hits = outcome?.hits ?? [];
  const toggle = (serial: number) => {
    const next = new Set(selected);
    if (next.has(serial)) next.delete(serial); else next.add(serial);
    setSelected(next);
  };
  // One order: the same group (the order reference online, the order's key in the manifest offline).
  const orderOf = (hit: TicketSearchHit) => (hit.group ? hits.filter((h) => h.group === hit.group) : [hit]);
  const selectOrder = (hit: TicketSearchHit) => {
    setSelected(new Set([...selected, ...orderOf(hit).map((h) => h.serial)]));
  };
  const pickable = outcome?.source === 'online' || outcome?.source === 'offline';
  const checkIn = async () => {
    setBusy(true);
    try {
      await groupCheckIn(hits.filter((h) => selected.has(h.serial)));
      setSelected(new Set());
      onClose();
    } catch (err) {
      setError(errorWords(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet title={t('search.title')} onClose={onClose}>
      <label class="field">
        <span class="field__label">{t('search.label')}</span>
        <input ref={inputRef} class="field__input" type="search" value={query} data-testid="search-input"
          onInput={(e) => setQuery((e.target as HTMLInputElement).value)} autocomplete="off" spellcheck={false} />
      </label>
      <p class="feedback feedback--neutral" aria-live="polite">
        {error ? t('error.generic', { message: error })
          : query.trim().length < 2 ? t('search.minLength')
          : outcome?.source === 'unavailable' ? t('search.needsNetwork')
          : outcome?.source === 'offline' ? t('search.offlineList')
          : outcome && hits.length === 0 ? t('search.none') : '\u00a0'}
      </p>
      <ul class="results">
        {hits.map((hit) => (
          <li key={hit.serial} class="result">
            <label class="result__pick">
              <input type="checkbox" checked={selected.has(hit.serial)} disabled={!pickable}
                onChange={() => toggle(hit.serial)} aria-label={hit.holderName} />
              <span class="result__text">
                <span class="result__name" dir="auto">{hit.holderName}</span>
                <span class="result__meta">
                  {[hit.type, `#${hit.serial}`, hit.code ?? null, hit.presence === 'inside' ? t('search.inside') : t('search.outside'),
                    hit.orderRef ? t('search.order', { order: hit.orderRef })
                      : orderOf(hit).length > 1 ? t('search.orderOf', { count: orderOf(hit).length }) : null].filter(Boolean).join(' · ')}
                </span>
              </span>
            </label>
            {orderOf(hit).length > 1 ? (
              <button type="button" class="btn btn--ghost btn--small" onClick={() => selectOrder(hit)}>{t('search.selectOrder')}</button>
            ) : null}
          </li>
        ))}
      </ul>
      <button type="button" class="btn btn--primary btn--block" data-testid="check-in-selected"
        disabled={selected.size === 0 || busy || !pickable} onClick={checkIn}>
        {t('search.checkIn', { count: selected.size })}
      </button>
    </Sheet>
  );
}
