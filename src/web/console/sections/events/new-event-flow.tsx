// The guided "New event" flow: venue → zones and gates → the event → ticket types → review and
// publish. One draft object holds everything typed or saved, so Back and Next (or a click on a
// finished step) never lose anything. Each step saves what it made through the API as it goes
// (the event as a draft), so a flow left half-way shows up under "Drafts" rather than vanishing.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n.ts';
import { session, can } from '../../session.ts';
import { SectionHeader } from '../../ui.tsx';
import { EventStep } from './event-step.tsx';
import { emptyDraft, furthestStep, STEPS, type Draft, type StepId } from './flow-steps.ts';
import { stepName, type StepProps } from './step-nav.tsx';
import { ReviewStep } from './review-step.tsx';
import { TicketTypesStep } from './ticket-types-step.tsx';
import { VenueStep } from './venue-step.tsx';
import { ZonesStep } from './zones-step.tsx';

const browserZone = (): string => {
  try { return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'; } catch { return 'UTC'; }
};

export function NewEventFlow() {
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(browserZone()));
  const [index, setIndex] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);
  const step = STEPS[index]!;
  const update: StepProps['update'] = (change) => setDraft((d) => ({ ...d, ...(typeof change === 'function' ? change(d) : change) }));
  const go = (to: number) => { moved.current = true; setIndex(Math.max(0, Math.min(STEPS.length - 1, to))); };
  // A step change moves focus to the new step's heading; the live region says where one is.
  useEffect(() => { if (moved.current) heading.current?.focus(); }, [index]);
  const reachable = furthestStep(draft);
  const props: StepProps = { draft, update, next: () => go(index + 1), back: () => go(index - 1) };
  const position = t('events.flow.position', { n: index + 1, total: STEPS.length, step: stepName(step) });

  return (
    <section class="section flow" data-testid="new-event-flow" data-step={step}>
      <SectionHeader title={t('events.flow.title')} intro={t('events.flow.intro')} />
      <nav aria-label={t('events.flow.progress')}>
        <ol class="steps" data-testid="steps">
          {STEPS.map((s, i) => (
            <li key={s} class={`steps__item${i === index ? ' steps__item--current' : i < index ? ' steps__item--done' : ''}`}>
              {i <= reachable && i !== index ? (
                <button type="button" class="steps__link" onClick={() => go(i)}>
                  <span class="steps__n" aria-hidden="true">{i + 1}</span> {stepName(s)}
                  <span class="visually-hidden"> — {t(i < index ? 'events.flow.done' : 'events.flow.open')}</span>
                </button>
              ) : (
                <span class="steps__link" aria-current={i === index ? 'step' : undefined}>
                  <span class="steps__n" aria-hidden="true">{i + 1}</span> {stepName(s)}
                </span>
              )}
            </li>
          ))}
        </ol>
      </nav>
      <p class="visually-hidden" aria-live="polite" data-testid="step-announcer">{position}</p>
      <div class="card flow__step">
        <p class="muted flow__position" aria-hidden="true">{position}</p>
        <h2 ref={heading} tabIndex={-1} class="flow__heading" data-testid="step-title">{stepName(step)}</h2>
        <StepBody step={step} props={props} />
      </div>
    </section>
  );
}

function StepBody({ step, props }: { step: StepId; props: StepProps }) {
  switch (step) {
    case 'venue': return <VenueStep {...props} mayCreate={can(session.value, 'newVenues')} />;
    case 'zones': return <ZonesStep {...props} />;
    case 'event': return <EventStep {...props} />;
    case 'tickets': return <TicketTypesStep {...props} />;
    case 'review': return <ReviewStep {...props} />;
  }
}
