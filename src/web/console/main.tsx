// Entry of the organizer console (/console). Its own Vite entry, so nothing of it reaches the
// scanner's bundle; each section is a lazily loaded chunk, so the first load stays small.
import { render } from 'preact';
import { App } from './app.tsx';
import { i18n } from './i18n.ts';
import { restoreSession } from './session.ts';
import '../shared/ethiopic.css';
import './console.css';

async function boot(): Promise<void> {
  await i18n.ready;
  render(<App />, document.getElementById('app')!);
  await restoreSession();
}

void boot();
