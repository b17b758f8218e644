// The figures a door manager reads from across the room: inside now, checked in against expected,
// entries and exits, and how full — each level in colour, icon and words, never colour alone.
import type { Dashboard } from '../../../console-api.ts';
import { i18n, t } from '../../../i18n.ts';
import type { MessageKey } from '../../../messages/en.ts';
import { LEVEL_ICON, percentOf } from './live-figures.ts';

export function BigNumbers({ d }: { d: Dashboard }) {
  const n = (x: number) => i18n.number(x);
  const share = percentOf(d.checkedIn, d.expected);
  const { capacity, level } = d.capacity;
  return (
    <section aria-labelledby="live-figures">
      <h2 id="live-figures" class="visually-hidden">{t('live.figures')}</h2>
      <ul class="tiles">
        <li class="tile tile--main">
          <span class="tile__label">{t('live.insideNow')}</span>
          <span class="tile__value" data-testid="inside-now">{n(d.insideNow)}</span>
        </li>
        <li class="tile">
          <span class="tile__label" id="live-checked-in">{t('live.checkedIn')}</span>
          <span class="tile__value" data-testid="checked-in">{n(d.checkedIn)}</span>
          <span class="tile__sub">{t('live.checkedInOf', { checkedIn: d.checkedIn, expected: d.expected })}</span>
          <progress class="meter" max={Math.max(d.expected, 1)} value={Math.min(d.checkedIn, Math.max(d.expected, 1))}
            aria-label={t('live.checkedInShare', { percent: share })} />
        </li>
        <li class="tile">
          <span class="tile__label">{t('live.movements')}</span>
          <span class="tile__value tile__value--pair">
            <span data-testid="entries"><span class="visually-hidden">{t('live.entries')}: </span>{n(d.entries)}</span>
            <span aria-hidden="true"> / </span>
            <span data-testid="exits"><span class="visually-hidden">, {t('live.exits')}: </span>{n(d.exits)}</span>
          </span>
        </li>
        <li class={`tile level level--${level}`} data-testid="capacity" data-level={level}>
          <span class="tile__label">{t('live.capacity')}</span>
          {capacity === null ? <span class="tile__sub">{t('live.noCapacity')}</span> : (
            <>
              <span class="tile__value">{t('live.percent', { percent: percentOf(d.insideNow, capacity) })}</span>
              <span class="tile__sub">{t('live.capacityOf', { inside: d.insideNow, capacity })}</span>
              <span class="level__words" data-testid="capacity-words">
                <span aria-hidden="true" class="level__icon">{LEVEL_ICON[level]}</span> {t(`live.level.${level}` as MessageKey)}
              </span>
            </>
          )}
        </li>
      </ul>
    </section>
  );
}
