// Entry of the organizer console (/console). For now it holds the page where people set their
// password from a one-time link; the rest of the console is built later. Its own Vite entry, so
// nothing of it ever reaches the scanner's bundle.
import { render } from 'preact';
import { i18n, t } from './i18n.ts';
import { SetPassword } from './set-password.tsx';

function App() {
  const setup = location.pathname.startsWith('/console/set-password');
  return (
    <main style="font-family: system-ui; padding: 2rem">
      <h1>{setup ? t('setup.title') : t('console.title')}</h1>
      {setup ? <SetPassword /> : <p>{t('console.soon')}</p>}
    </main>
  );
}

void i18n.ready.then(() => render(<App />, document.getElementById('app')!));
