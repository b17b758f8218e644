// Session mode on the scan screen: the picker of the event's sessions on now and next (name, room,
// time in the venue's zone), and the header row that says which session the door is scanning for,
// how full its room is, and takes the phone back to its gate.
import { t } from '../i18n.ts';
import type { ManifestSession } from '../offline/manifest-format.ts';
import { sessionInside } from '../offline/session-verdict.ts';
import { currentSession, enterSession, leaveSession, pickableSessions } from '../services/session-mode.service.ts';
import { currentReplica } from '../services/sync.service.ts';
import { gates, history } from '../state.ts';
import { doorTime } from './door-time.ts';
import { IconPeople } from './icons.tsx';
import { Sheet } from './sheets.tsx';

/** The room's name: a gate of that zone names it; otherwise its code. */
function roomOf(s: ManifestSession): string {
  if (s.zone === null) return '';
  return gates.value.find((g) => g.zone === s.zone)?.zoneName || s.zone;
}

function timesOf(s: ManifestSession): string {
  const timeZone = currentReplica()?.meta.timezone;
  return t('session.time', { start: doorTime(s.startsAt, { timeZone }), end: doorTime(s.endsAt, { timeZone }) });
}

function countOf(s: ManifestSession): string {
  const inside = sessionInside(currentReplica()!, s.id);
  return s.capacity === null ? t('session.insideOpen', { inside }) : t('session.inside', { inside, capacity: s.capacity });
}

export function SessionSheet({ onClose }: { onClose: () => void }) {
  const now = Date.now();
  const list = pickableSessions(now);
  return (
    <Sheet title={t('session.pickTitle')} onClose={onClose}>
      <p class="sheet__hint">{t('session.pickHint')}</p>
      {list.length === 0 ? <p data-testid="no-sessions">{t('session.none')}</p> : (
        <ul class="session-list" data-testid="sessions">
          {list.map((s) => (
            <li key={s.id}>
              <button type="button" class="session-pick" data-testid="session-pick" data-session={s.id}
                onClick={() => { void enterSession(s.id).then(onClose); }}>
                <span class="session-pick__name" dir="auto">{s.name}</span>
                <span class="session-pick__meta" dir="auto">
                  {s.startsAt <= now ? `${t('session.now')} · ` : ''}{timesOf(s)}{s.zone ? ` · ${t('session.room', { room: roomOf(s) })}` : ''}
                </span>
                <span class="session-pick__meta">{countOf(s)}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </Sheet>
  );
}

/** The header's second row in session mode; null at a gate. */
export function SessionRow() {
  void history.value; // re-rendered after every scan: the room's count moves with them
  const s = currentSession();
  if (!s) return null;
  return (
    <div class="scan-header__row scan-header__row--session" data-testid="session-mode" data-session={s.id}>
      <p class="scan-header__gate" dir="auto">
        <strong>{t('session.badge')}</strong> {s.name} · {timesOf(s)}{s.zone ? ` · ${t('session.room', { room: roomOf(s) })}` : ''}
      </p>
      <span class="status-item" data-testid="session-count"><IconPeople size={18} />{countOf(s)}</span>
      <button type="button" class="btn btn--ghost btn--small" data-testid="leave-session" onClick={() => { void leaveSession(); }}>{t('session.leave')}</button>
    </div>
  );
}
