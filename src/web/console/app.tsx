// The console's frame: the public pages (sign-in, password setup), then the signed-in shell with
// its navigation and the lazily loaded section for the current path.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { t } from './i18n.ts';
import type { MessageKey } from './messages/en.ts';
import { navigate, onLinkClick, path } from './router.ts';
import { authState, session, signOut, visibleSections, type SectionId } from './session.ts';
import { SetupPage } from './setup-page.tsx';
import { SignInPage } from './sign-in-page.tsx';
import { LanguagePicker } from './ui.tsx';

const LOADERS: Record<SectionId, () => Promise<{ default: ComponentType }>> = {
  events: () => import('./sections/events/events-section.tsx'),
  devices: () => import('./sections/devices-section.tsx'),
  staff: () => import('./sections/staff-section.tsx'),
  conflicts: () => import('./sections/conflicts-section.tsx'),
  integrations: () => import('./sections/integrations-section.tsx'),
  sms: () => import('./sections/sms/sms-section.tsx'),
};

export function App() {
  const p = path.value;
  // /set-password is the path onboarding links print; /setup is kept as its short form.
  if (p === '/set-password' || p === '/setup') return <SetupPage />;
  if (authState.value === 'loading') return <p class="splash" role="status">{t('common.loading')}</p>;
  if (authState.value === 'signedOut') return <SignInPage />;
  return <Shell />;
}

function Shell() {
  const sections = visibleSections(session.value);
  const current = path.value.split('/')[1] as SectionId | '';
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => {
    if (current === '' && sections[0]) navigate(`/${sections[0]}`, true);
  }, [current, sections[0]]);
  useEffect(() => { setMenuOpen(false); }, [current]);

  return (
    <div class="shell">
      <a class="skip" href="#main">{t('nav.skip')}</a>
      <header class="topbar">
        <span class="topbar__brand">{t('app.name')}</span>
        <button type="button" class="topbar__menu btn btn--ghost" aria-expanded={menuOpen} aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)} data-testid="menu">{t('nav.menu')}</button>
        <div class="topbar__end">
          <LanguagePicker />
          <button type="button" class="btn btn--ghost" onClick={() => void signOut()} data-testid="sign-out">{t('nav.signOut')}</button>
        </div>
      </header>
      <nav id="nav" class={`nav${menuOpen ? ' nav--open' : ''}`} aria-label={t('nav.label')}>
        <ul>
          {sections.map((id) => (
            <li key={id}>
              <a href={`/console/${id}`} aria-current={id === current ? 'page' : undefined} data-testid={`nav-${id}`}
                onClick={(e) => onLinkClick(e, `/${id}`)}>{t(`nav.${id}` as MessageKey)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" class="main">
        {sections.length === 0 ? <p class="empty" data-testid="no-sections">{t('nav.nothingForRole')}</p>
          : current && (sections as string[]).includes(current) ? <LazySection id={current} />
          : current ? <p class="empty" role="alert">{t('nav.notAllowed')}</p> : null}
      </main>
    </div>
  );
}

function LazySection({ id }: { id: SectionId }) {
  const [loaded, setLoaded] = useState<{ id: SectionId; Component: ComponentType } | null>(null);
  const [failed, setFailed] = useState(false);
  const main = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let live = true;
    setFailed(false);
    LOADERS[id]().then((m) => { if (live) setLoaded({ id, Component: m.default }); }, () => { if (live) setFailed(true); });
    return () => { live = false; };
  }, [id]);
  // After a navigation, focus goes to the new section's heading so screen readers announce it.
  useEffect(() => { main.current?.querySelector<HTMLElement>('h1')?.focus(); }, [loaded?.id]);
  if (failed) return <p class="notice notice--error" role="alert">{t('error.network')}</p>;
  if (!loaded || loaded.id !== id) return <p role="status">{t('common.loading')}</p>;
  return <div ref={main} data-section={id}><loaded.Component /></div>;
}
