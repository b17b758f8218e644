// Step 3: the event itself. Times are typed in the venue's wall clock (the zone is named beside
// them) and sent as the UTC instants they mean there; the scan rules are chosen from templates
// explained in plain words. Next saves the event as a draft, or updates the draft made before.
import { TemplateOption } from './template-option.tsx';
import { useRef } from 'preact/hooks';
import { api } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import { Field, Notice, useAction } from '../../ui.tsx';
import { localToUtc, venueDateTime, zoneLabel } from './event-time.ts';
import { eventBody, eventMatches, TEMPLATES, type EventForm } from './flow-steps.ts';
import { StepNav, type StepProps } from './step-nav.tsx';

export function EventStep({ draft, update, next, back }: StepProps) {
  const venue = draft.venue!;
  const f = draft.eventForm;
  const form = useRef<HTMLFormElement>(null);
  const { busy, outcome, run, setOutcome } = useAction();
  const set = (patch: Partial<EventForm>) => {
    // A problem named before the change may be fixed by it: say nothing until the next try.
    if (outcome?.kind === 'error') setOutcome(null);
    update((d) => ({ eventForm: { ...d.eventForm, ...patch } }));
  };
  const zone = zoneLabel(localToUtc(f.starts, venue.timezone)?.iso ?? new Date().toISOString(), venue.timezone, regionalTag());

  const submit = (e: Event) => {
    e.preventDefault();
    const made = eventBody(f, venue.timezone);
    if ('problem' in made) {
      setOutcome({ kind: 'error', text: t(made.problem) });
      form.current?.querySelector<HTMLElement>(`[name=${made.field === 'template' ? 'template' : `event_${made.field}`}]`)?.focus();
      return;
    }
    const { body } = made;
    if (eventMatches(draft.event, body, f.template, venue.id)) { next(); return; }
    void run(async () => {
      let event = draft.event
        ? await api.updateEvent(draft.event.id, { ...body, venueId: venue.id })
        : await api.createEvent({ ...body, venueId: venue.id, policyTemplate: f.template, status: 'draft' });
      if (event.policyTemplate !== f.template) {
        await api.setPolicyTemplate(event.id, f.template);
        event = { ...event, policyTemplate: f.template };
      }
      update({ event });
      next();
    });
  };

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <Field label={t('events.event.name')} hint={t('events.event.nameHint')}>
        <input name="event_name" required maxLength={200} value={f.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
      </Field>
      <fieldset class="group">
        <legend>{t('events.event.when')}</legend>
        <p class="field__hint" id="event-zone-hint" data-testid="event-zone">{t('events.event.timesIn', { zone })}</p>
        <div class="grid">
          <TimeField label={t('events.event.starts')} name="event_starts" value={f.starts} timeZone={venue.timezone} onChange={(starts) => set({ starts })} />
          <TimeField label={t('events.event.ends')} name="event_ends" value={f.ends} timeZone={venue.timezone} onChange={(ends) => set({ ends })} />
        </div>
      </fieldset>
      <Field label={t('events.event.capacity')} hint={t('events.event.capacityHint')}>
        <input name="event_capacity" inputMode="numeric" pattern="[0-9]*" value={f.capacity} onInput={(e) => set({ capacity: (e.target as HTMLInputElement).value })} />
      </Field>
      <fieldset class="group templates">
        <legend>{t('events.policy.legend')}</legend>
        <p class="field__hint">{t('events.policy.hint')}</p>
        {TEMPLATES.map((tpl) => (
          <TemplateOption key={tpl} template={tpl} checked={f.template === tpl} onChoose={() => set({ template: tpl })} />
        ))}
      </fieldset>
      <Notice outcome={outcome} />
      <StepNav onBack={back} busy={busy} />
    </form>
  );
}

/** A venue-local date and time, with what a skipped or repeated hour (a clock change) became. */
function TimeField({ label, name, value, timeZone, onChange }: {
  label: string; name: string; value: string; timeZone: string; onChange: (v: string) => void;
}) {
  const read = value ? localToUtc(value, timeZone) : null;
  const note = read?.note === 'skipped' ? t('events.event.skipped', { time: venueDateTime(read.iso, timeZone, regionalTag()) })
    : read?.note === 'repeated' ? t('events.event.repeated') : undefined;
  return (
    <Field label={label} hint={note}>
      <input type="datetime-local" name={name} required value={value} aria-describedby="event-zone-hint"
        onInput={(e) => onChange((e.target as HTMLInputElement).value)} />
    </Field>
  );
}
