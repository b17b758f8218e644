// Who is signed in, and which sections that role may open. The server decides every request on
// its own (authorize()); this only hides what would be refused, mirroring its role rules.
import { signal } from '@preact/signals';
import { api, hasTokens, onSignedInChange, setTokens, type Session } from './console-api.ts';

export type SectionId = 'events' | 'devices' | 'staff' | 'conflicts' | 'integrations' | 'sms';
export type Capability = 'events' | 'newVenues' | 'devices' | 'staff' | 'conflicts' | 'apiKeys' | 'webhooks' | 'sms';

export const session = signal<Session | null>(null);
/** 'loading' while the stored tokens are checked on start. */
export const authState = signal<'loading' | 'signedOut' | 'signedIn'>(hasTokens() ? 'loading' : 'signedOut');
/** Why the last session ended without the person signing out (shown on the sign-in page). */
export const sessionEnded = signal(false);

onSignedInChange((signedIn) => {
  if (!signedIn && authState.value === 'signedIn') { sessionEnded.value = true; session.value = null; authState.value = 'signedOut'; }
});

const MANAGERS = new Set(['owner', 'admin', 'manager']);
const ADMINS = new Set(['owner', 'admin']);

export function can(s: Session | null, capability: Capability): boolean {
  if (!s) return false;
  const organizerWide = s.scopes === 'all';
  switch (capability) {
    // Managers run events (event:manage); one confined to venues does so at those venues only.
    case 'events': case 'devices': case 'conflicts': return MANAGERS.has(s.role);
    // The server refuses a new venue to a venue-limited manager: they pick one of theirs.
    case 'newVenues': return MANAGERS.has(s.role) && organizerWide;
    // People and integrations reach across the whole organizer: venue-limited managers may not.
    // An SMS number may serve any event, and its log holds every texter's number.
    case 'staff': case 'webhooks': case 'sms': return MANAGERS.has(s.role) && organizerWide;
    case 'apiKeys': return ADMINS.has(s.role) && organizerWide;
  }
}

export const SECTIONS: { id: SectionId; needs: Capability[] }[] = [
  { id: 'events', needs: ['events'] },
  { id: 'devices', needs: ['devices'] },
  { id: 'conflicts', needs: ['conflicts'] },
  { id: 'staff', needs: ['staff'] },
  { id: 'integrations', needs: ['apiKeys', 'webhooks'] },
  { id: 'sms', needs: ['sms'] },
];

export const visibleSections = (s: Session | null): SectionId[] =>
  SECTIONS.filter((sec) => sec.needs.some((c) => can(s, c))).map((sec) => sec.id);

export async function restoreSession(): Promise<void> {
  if (!hasTokens()) { authState.value = 'signedOut'; return; }
  try {
    session.value = await api.me();
    authState.value = 'signedIn';
  } catch {
    setTokens(null);
    authState.value = 'signedOut';
  }
}

export async function signIn(email: string, password: string): Promise<void> {
  setTokens(await api.login(email, password));
  session.value = await api.me();
  sessionEnded.value = false;
  authState.value = 'signedIn';
}

export async function signOut(): Promise<void> {
  authState.value = 'signedOut';
  session.value = null;
  await api.logout();
}
