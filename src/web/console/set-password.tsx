// /console/set-password#token=kps_…: where a new owner or an invited staff member chooses a
// password with the one-time link they were given. The secret sits in the URL fragment, so it
// never travels to a server log; it is read once and removed from the address bar.
import { useState } from 'preact/hooks';
import { t } from './i18n.ts';

function takeToken(): string | null {
  const match = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
  if (!match) return null;
  history.replaceState(null, '', location.pathname);
  return decodeURIComponent(match[1]!);
}

const token = takeToken();

type State = { kind: 'form'; error?: string } | { kind: 'saving' } | { kind: 'done'; email: string } | { kind: 'gone' };

export function SetPassword() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [state, setState] = useState<State>(token ? { kind: 'form' } : { kind: 'gone' });

  async function submit(e: Event) {
    e.preventDefault();
    if (password.length < 10) return setState({ kind: 'form', error: t('setup.error.short') });
    if (password !== confirm) return setState({ kind: 'form', error: t('setup.error.mismatch') });
    setState({ kind: 'saving' });
    try {
      const res = await fetch('/api/v1/auth/password-setup', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, password }),
      });
      const body = await res.json().catch(() => ({}));
      if (res.ok) return setState({ kind: 'done', email: String(body.email ?? '') });
      if (res.status === 410) return setState({ kind: 'gone' });
      setState({ kind: 'form', error: t('setup.error.other', { message: String(body.error?.message ?? res.status) }) });
    } catch {
      setState({ kind: 'form', error: t('setup.error.network') });
    }
  }

  if (state.kind === 'done') return <p role="status">{t('setup.done', { email: state.email })}</p>;
  if (state.kind === 'gone') return <p role="alert">{token ? t('setup.error.gone') : t('setup.error.noToken')}</p>;
  return (
    <form onSubmit={submit} style="display: grid; gap: 0.75rem; max-width: 24rem">
      <p>{t('setup.intro')}</p>
      <label>{t('setup.password')}<br />
        <input type="password" name="password" autocomplete="new-password" required minLength={10} maxLength={256} value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)} style="width: 100%" /></label>
      <label>{t('setup.confirm')}<br />
        <input type="password" name="confirm" autocomplete="new-password" required value={confirm}
          onInput={(e) => setConfirm((e.target as HTMLInputElement).value)} style="width: 100%" /></label>
      <small>{t('setup.hint')}</small>
      {state.kind === 'form' && state.error ? <p role="alert" style="color: #b00020">{state.error}</p> : null}
      <button type="submit" disabled={state.kind === 'saving'}>{state.kind === 'saving' ? t('setup.saving') : t('setup.submit')}</button>
    </form>
  );
}
