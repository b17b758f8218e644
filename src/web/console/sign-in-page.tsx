// Sign-in for organizer staff (email + password); tokens last for this tab and refresh quietly.
import { useState } from 'preact/hooks';
import { t } from './i18n.ts';
import { sessionEnded, signIn } from './session.ts';
import { Field, Notice, useAction, LanguagePicker } from './ui.tsx';

export function SignInPage() {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, outcome, run } = useAction();
  return (
    <main class="public">
      <div class="public__lang"><LanguagePicker /></div>
      <form class="card public__card" onSubmit={(e) => { e.preventDefault(); void run(() => signIn(email.trim(), password)); }}>
        <h1>{t('signIn.title')}</h1>
        <p class="muted">{t('signIn.intro')}</p>
        {sessionEnded.value ? <p class="notice notice--error" role="alert">{t('signIn.sessionEnded')}</p> : null}
        <Field label={t('signIn.email')}>
          <input name="email" type="email" autocomplete="username" required value={email}
            onInput={(e) => setEmail((e.target as HTMLInputElement).value)} />
        </Field>
        <Field label={t('signIn.password')}>
          <input name="password" type="password" autocomplete="current-password" required value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)} />
        </Field>
        <button class="btn btn--primary" type="submit" disabled={busy}>{busy ? t('common.working') : t('signIn.submit')}</button>
        <Notice outcome={outcome} />
      </form>
    </main>
  );
}
