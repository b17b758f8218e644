// Entry of the door scanner (/scan). Keeps the first load small: everything not needed to show
// the first screen (French catalog, zxing decoder, noble Ed25519) is loaded on demand.
import { render } from 'preact';
import { i18n } from './i18n.ts';
import { needsZxing, loadZxingDecoder } from './camera/qr-decoder.ts';
import { openRuntime } from './services/runtime.ts';
import { restoreSession } from './services/session.service.ts';
import { online, phase } from './state.ts';
import { App } from './ui/app.tsx';
import '../shared/ethiopic.css';
import './scanner.css';

window.addEventListener('online', () => { online.value = true; });
window.addEventListener('offline', () => { online.value = false; });

async function boot(): Promise<void> {
  await Promise.all([openRuntime(), i18n.ready]);
  render(<App />, document.getElementById('app')!);
  await restoreSession();
}

boot().catch((err: unknown) => {
  console.error('scanner failed to start', err);
  phase.value = 'pair';
});

if ('serviceWorker' in navigator) {
  // Scope /scan: the worker keeps this app's shell for offline starts (see src/web/sw.ts).
  navigator.serviceWorker.register('/sw.js?app=scan', { scope: '/scan' }).catch((err: unknown) => console.warn('service worker not registered', err));
}

// Where the phone has no native QR detector, fetch zxing while there is a network, so the
// service worker has it cached before the venue's network collapses.
const warm = () => void needsZxing().then((needed) => (needed ? loadZxingDecoder() : undefined)).catch(() => undefined);
if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 5000 }); else setTimeout(warm, 3000);
