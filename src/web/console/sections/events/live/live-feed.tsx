// The latest scans, newest first: when (venue clock, to the second), the verdict as icon and words
// with the reason the door phone showed, where and on which phone, who, and whether it counted —
// a repeat or a refusal is listed but moved no one.
import { useState } from 'preact/hooks';
import type { Dashboard, DashboardFeedItem } from '../../../console-api.ts';
import { t } from '../../../i18n.ts';
import type { MessageKey } from '../../../messages/en.ts';
import { venueClockSeconds } from './venue-clock.ts';

/** Scans listed before "Show all": on a phone at the door the newest few are what matters. */
const SHOWN = 10;

const ICON: Record<DashboardFeedItem['verdict'], string> = { admitted: '✓', exited: '↩', refused: '✕' };

export function LiveFeed({ d, locale }: { d: Dashboard; locale: string }) {
  const [all, setAll] = useState(false);
  const items = all ? d.feed : d.feed.slice(0, SHOWN);
  return (
    <section class="card" aria-labelledby="live-feed" data-testid="live-feed">
      <h2 id="live-feed">{t('live.feed.title')}</h2>
      {d.feed.length === 0 ? <p class="empty">{t('live.feed.none')}</p> : (
        <ol class="plain feed">
          {items.map((f) => (
            <li key={f.scanId} class={`feed__row feed__row--${f.verdict}`} data-testid="feed-item" data-verdict={f.verdict} data-counted={f.counted}>
              <span class="feed__time">{venueClockSeconds(f.at, d.timezone, locale)}</span>
              <span class={`feed__verdict verdict--${f.verdict}`}>
                <span aria-hidden="true">{ICON[f.verdict]} </span>{t(`verdict.${f.verdict}` as MessageKey)}
                <span class="feed__reason"> — {t(`reason.${f.reason}` as MessageKey)}</span>
              </span>
              <span class="feed__holder">{f.holder ?? t('live.feed.unknownHolder')}</span>
              <span class="feed__where muted">
                {[
                  f.gate ? t('live.feed.gate', { name: f.gate }) : null,
                  f.device ? t('live.feed.device', { name: f.device }) : null,
                  f.offline ? t('live.feed.offline') : null,
                ].filter(Boolean).join(' · ')}
              </span>
              <span class={`feed__counted${f.counted ? ' feed__counted--yes' : ''}`}>
                <span aria-hidden="true">{f.counted ? '● ' : '○ '}</span>{t(f.counted ? 'live.feed.counted' : 'live.feed.notCounted')}
              </span>
            </li>
          ))}
        </ol>
      )}
      {d.feed.length > SHOWN ? (
        <button type="button" class="btn" aria-expanded={all} onClick={() => setAll(!all)} data-testid="feed-all">
          {all ? t('live.feed.showFewer') : t('live.feed.showAll', { count: d.feed.length })}
        </button>
      ) : null}
    </section>
  );
}
