// The one-time link from onboarding (/console/set-password#token=…): the new person chooses a password.
// The token sits in the fragment so it never reaches server logs or a Referer header.
import { useEffect, useState } from 'preact/hooks';
import { api } from './console-api.ts';
import { t } from './i18n.ts';
import { navigate } from './router.ts';
import { Field, Notice, useAction, LanguagePicker } from './ui.tsx';

const MIN_PASSWORD = 10;

/** Reads the link's secret once and takes it out of the address bar (history, shoulder-surfing). */
function tokenFromHash(): string {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  if (token) history.replaceState(null, '', location.pathname);
  return token;
}

export function SetupPage() {
  const [token, setToken] = useState(tokenFromHash);
  // A second link opened in the same tab changes only the fragment: no page load.
  useEffect(() => {
    const read = () => { const next = tokenFromHash(); if (next) setToken(next); };
    window.addEventListener('hashchange', read);
    return () => window.removeEventListener('hashchange', read);
  }, []);
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [done, setDone] = useState(false);
  const { busy, outcome, run, setOutcome } = useAction();

  const submit = (e: Event) => {
    e.preventDefault();
    if (password.length < MIN_PASSWORD) return setOutcome({ kind: 'error', text: t('setup.tooShort', { count: MIN_PASSWORD }) });
    if (password !== again) return setOutcome({ kind: 'error', text: t('setup.mismatch') });
    void run(async () => { await api.setPassword(token, password); setDone(true); return t('setup.done'); });
  };

  return (
    <main class="public">
      <div class="public__lang"><LanguagePicker /></div>
      <form class="card public__card" onSubmit={submit}>
        <h1>{t('setup.title')}</h1>
        {!token ? <p class="notice notice--error" role="alert">{t('setup.noToken')}</p> : done ? null : (
          <>
            <p class="muted">{t('setup.intro', { count: MIN_PASSWORD })}</p>
            <Field label={t('setup.password')}>
              <input name="password" type="password" autocomplete="new-password" required minLength={MIN_PASSWORD} value={password}
                onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
            </Field>
            <Field label={t('setup.again')}>
              <input name="passwordAgain" type="password" autocomplete="new-password" required value={again}
                onInput={(e) => setAgain((e.target as HTMLInputElement).value)} />
            </Field>
            <button class="btn btn--primary" type="submit" disabled={busy}>{busy ? t('common.working') : t('setup.submit')}</button>
          </>
        )}
        <Notice outcome={outcome} />
        {done ? <button type="button" class="btn btn--primary" onClick={() => { history.replaceState(null, '', '/console'); navigate('/', true); }}>{t('setup.toSignIn')}</button> : null}
      </form>
    </main>
  );
}
