// Entry of the attendee pages: the ticket (/t/{secret}) and free registration
// (/e/{slug}/register). One small bundle: Preact, the QR encoder and core's rotating code only.
import { render } from 'preact';
import { i18n, t } from './i18n.ts';
import { RegisterPage } from './register-page.tsx';
import { TicketPage } from './ticket-page.tsx';
import '../shared/ethiopic.css';
import './attendee.css';

const TICKET = /^\/t\/([A-Za-z0-9_-]{16,64})\/?$/;
const REGISTER = /^\/e\/([a-z0-9][a-z0-9-]{0,62})\/register\/?$/;

function Root() {
  const path = location.pathname;
  const ticket = TICKET.exec(path);
  if (ticket) return <TicketPage secret={ticket[1]!} />;
  const register = REGISTER.exec(path);
  if (register) return <RegisterPage slug={register[1]!} />;
  return <main class="content"><p class="message problem" role="alert">{t('error.badLink')}</p></main>;
}

void i18n.ready.then(() => render(<Root />, document.getElementById('app')!));

if ('serviceWorker' in navigator && TICKET.test(location.pathname)) {
  // Scope /t/: the worker keeps this app's shell so a saved ticket opens with no network
  // (src/web/sw.ts). Registration needs the network anyway, so /e/ is not taken over.
  navigator.serviceWorker.register('/sw.js?app=attendee', { scope: '/t/' }).catch((err: unknown) => console.warn('service worker not registered', err));
}
