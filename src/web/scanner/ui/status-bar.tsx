// Always on screen while scanning: where this phone is scanning, whether it is online, what waits
// to sync, when it last synced, and how many guests are in. Each item has an icon and words.
import { useEffect } from 'preact/hooks';
import type { DeviceGate } from '../../shared/api-client.ts';
import { i18n, t } from '../i18n.ts';
import { changeSetup } from '../services/session.service.ts';
import { currentReplica } from '../services/sync.service.ts';
import { clock, counts, events, gates, lastSyncAt, online, queued, reachable, selection } from '../state.ts';
import { SessionRow } from './session-ui.tsx';
import { IconClock, IconEnter, IconExit, IconOffline, IconOnline, IconPeople, IconUpload } from './icons.tsx';

export function ScanHeader({ onSessions }: { onSessions?: () => void }) {
  const sel = selection.value;
  if (!sel) return null;
  const replica = currentReplica();
  const eventName = events.value.find((e) => e.id === sel.eventId)?.name ?? replica?.meta.name ?? '';
  // The device's gate list names the zone; a manifest's gate (offline start) has only its code.
  const gate: (Omit<DeviceGate, 'zoneName'> & { zoneName?: string }) | undefined = gates.value.find((g) => g.id === sel.gateId) ?? replica?.gate(sel.gateId);
  const isIn = sel.direction === 'in';
  return (
    <header class="scan-header">
      <div class="scan-header__row">
        <p class="scan-header__event" dir="auto">{eventName}</p>
        {onSessions && !sel.sessionId && replica?.meta.sessions?.length ? (
          <button type="button" class="btn btn--ghost btn--small" data-testid="open-sessions" onClick={onSessions}>{t('session.enter')}</button>
        ) : null}
        <button type="button" class="btn btn--ghost btn--small" onClick={changeSetup}>{t('scan.change')}</button>
      </div>
      <div class="scan-header__row">
        <span class={`direction-badge direction-badge--${sel.direction}`} data-testid="direction">
          {isIn ? <IconEnter size={20} /> : <IconExit size={20} />}
          {t(isIn ? 'direction.in' : 'direction.out')}
        </span>
        {sel.sessionId ? null : (
          <p class="scan-header__gate" dir="auto">{gate?.name ?? ''}{gate?.zone ? ` · ${t('setup.zone', { zone: gate.zoneName || gate.zone })}` : ''}</p>
        )}
      </div>
      <SessionRow />
    </header>
  );
}

export function StatusBar() {
  useEffect(() => {
    const timer = setInterval(() => { clock.value = Date.now(); }, 15_000);
    return () => clearInterval(timer);
  }, []);
  const isOnline = online.value && reachable.value;
  const synced = lastSyncAt.value;
  const { inside, expected } = counts.value;
  return (
    <div class="status-bar" role="status" aria-live="polite">
      <span class={`status-item ${isOnline ? 'status-item--ok' : 'status-item--warn'}`} data-testid="connection" data-online={String(isOnline)}>
        {isOnline ? <IconOnline size={18} /> : <IconOffline size={18} />}
        {isOnline ? t('status.online') : online.value ? t('status.unreachable') : t('status.offline')}
      </span>
      <span class={`status-item ${queued.value ? 'status-item--warn' : ''}`} data-testid="queued" data-count={queued.value}>
        <IconUpload size={18} />{t('status.queued', { count: queued.value })}
      </span>
      <span class="status-item" data-testid="last-sync">
        <IconClock size={18} />
        {synced ? t('status.synced', { when: i18n.relative(synced, Math.max(clock.value, synced)) }) : t('status.neverSynced')}
      </span>
      <span class="status-item" data-testid="counts" title={t('status.insideLabel')}>
        <IconPeople size={18} />{t('status.inside', { inside, expected })}
      </span>
    </div>
  );
}
