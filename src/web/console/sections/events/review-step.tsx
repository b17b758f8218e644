// Step 5: everything at a glance, then Publish. Until then the event is a draft: door phones do
// not list it and it has no registration page. Publishing is one status change on the event.
import { api } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { navigate } from '../../router.ts';
import { Notice, useAction } from '../../ui.tsx';
import { justPublished } from './event-detail.tsx';
import { venueRange, zoneLabel } from './event-time.ts';
import { STEPS, stepProblem } from './flow-steps.ts';
import { StepNav, stepName, type StepProps } from './step-nav.tsx';
import { treeRows, zonePath } from './zone-tree.ts';

export function ReviewStep({ draft, back }: StepProps) {
  const { busy, outcome, run, setOutcome } = useAction();
  const venue = draft.venue!;
  const event = draft.event!;
  const locale = regionalTag();
  const missing = STEPS.map((s) => stepProblem(s, draft)).filter((p): p is MessageKey => p !== null);
  const publish = (e: Event) => {
    e.preventDefault();
    if (missing.length > 0) { setOutcome({ kind: 'error', text: t(missing[0]!) }); return; }
    void run(async () => {
      await api.updateEvent(event.id, { status: 'published' });
      justPublished.value = event.id;
      navigate(`/events/${event.id}`);
    });
  };
  return (
    <form onSubmit={publish} data-testid="review">
      <p>{t('events.review.intro')}</p>
      <dl class="facts review">
        <dt>{stepName('venue')}</dt>
        <dd>{venue.name} <span class="muted">({zoneLabel(event.startsAt, venue.timezone, locale)})</span></dd>
        <dt>{t('events.review.zones')}</dt>
        <dd>{treeRows(draft.zones).map(({ zone }) => zonePath(draft.zones, zone.id)).join('; ')}</dd>
        <dt>{t('events.review.gates')}</dt>
        <dd>{draft.gates.map((g) => `${g.name} → ${zonePath(draft.zones, g.zoneId)}`).join('; ')}</dd>
        <dt>{t('events.event.name')}</dt><dd>{event.name}</dd>
        <dt>{t('events.review.when')}</dt><dd data-testid="review-times">{venueRange(event.startsAt, event.endsAt, venue.timezone, locale)}</dd>
        <dt>{t('events.event.capacity')}</dt><dd>{event.capacity ?? t('events.noLimit')}</dd>
        <dt>{t('events.policy.legend')}</dt>
        <dd>{event.policyTemplate ? t(`events.policy.${event.policyTemplate}` as MessageKey) : '—'}</dd>
        <dt>{stepName('tickets')}</dt>
        <dd>{draft.ticketTypes.map((tt) => tt.name).join(', ')}</dd>
      </dl>
      <p class="muted">{t('events.review.draftNote')}</p>
      <Notice outcome={outcome} />
      <StepNav onBack={back} busy={busy} nextLabel={t('events.review.publish')}>
        <button type="button" class="btn btn--ghost" onClick={() => navigate('/events')} data-testid="keep-draft">{t('events.review.keepDraft')}</button>
      </StepNav>
    </form>
  );
}
