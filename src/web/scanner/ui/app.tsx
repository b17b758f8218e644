// The scanner's root: one screen at a time, by phase, with the verdict overlay above all.
import { useEffect } from 'preact/hooks';
import { t } from '../i18n.ts';
import { phase, session, showNotice } from '../state.ts';
import { ScanScreen } from './scan-screen.tsx';
import { LoginScreen, PairScreen, SetupScreen } from './setup-screens.tsx';
import { VerdictOverlay } from './verdict-overlay.tsx';

export function App() {
  // A refresh token refused by the server (staff removed, signed out elsewhere) ends the session;
  // queued scans stay and upload after the next sign-in.
  useEffect(() => {
    if ((phase.value === 'scan' || phase.value === 'setup') && session.value && !session.value.tokens) {
      phase.value = 'login';
      showNotice(t('error.signInAgain'), 'error', 8000);
    }
  }, [session.value, phase.value]);

  const p = phase.value;
  return (
    <div class="app" data-phase={p}>
      {p === 'loading' ? <div class="splash" aria-busy="true">{t('app.name')}</div> : null}
      {p === 'pair' ? <PairScreen /> : null}
      {p === 'login' ? <LoginScreen /> : null}
      {p === 'setup' ? <SetupScreen /> : null}
      {p === 'scan' ? <ScanScreen /> : null}
      <VerdictOverlay />
    </div>
  );
}
