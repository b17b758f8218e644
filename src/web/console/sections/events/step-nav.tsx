// What the new-event flow's steps share: their props (the draft, a way to change it, the moves),
// the step names, and the Back / Next bar at the foot of each step.
import type { ComponentChildren } from 'preact';
import { t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import type { Draft, StepId } from './flow-steps.ts';

/** What every step gets: the draft, a way to change it, and the moves. */
export interface StepProps {
  draft: Draft;
  update: (change: Partial<Draft> | ((d: Draft) => Partial<Draft>)) => void;
  next: () => void;
  back: () => void;
}

export const stepName = (s: StepId): string => t(`events.step.${s}` as MessageKey);

/** Back and Next at the foot of a step; Next submits the step's form. */
export function StepNav({ onBack, busy, nextLabel, children }: {
  onBack?: (() => void) | undefined; busy?: boolean; nextLabel?: string; children?: ComponentChildren;
}) {
  return (
    <div class="flow__nav">
      {onBack ? <button type="button" class="btn" onClick={onBack} data-testid="flow-back">{t('events.flow.back')}</button> : <span />}
      {children}
      <button type="submit" class="btn btn--primary" disabled={busy} data-testid="flow-next">
        {busy ? t('common.working') : nextLabel ?? t('events.flow.next')}
      </button>
    </div>
  );
}
