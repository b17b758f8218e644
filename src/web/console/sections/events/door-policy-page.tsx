// An event's door rules: the template it started from, the few numbers that matter, and beside
// them what happens at the door — sentences and one ticket's evening judged by core's decide(),
// recomputed on every keystroke, so the organizer sees the effect before saving. Saved through
// PUT …/policy with the template and every rule (explicit rules win over the template's).
import { TemplateOption } from './template-option.tsx';
import { useMemo, useState } from 'preact/hooks';
import { api, type EventPolicy } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { Notice, useAction, useLoad } from '../../ui.tsx';
import { EventFrame, type EventFrameData, type EventPageProps } from './event-frame.tsx';
import { utcToLocal, venueDateTime, venueTime } from './event-time.ts';
import { doorSentences, doorSequence, type DoorFacts } from './door-preview.ts';
import { formFromRules, formFromTemplate, isTemplate, readForm, type FormField, type PolicyForm } from './door-policy-form.ts';
import { TEMPLATES } from './flow-steps.ts';
import './door-policy.css';

export default function DoorPolicyPage({ eventId }: EventPageProps) {
  return (
    <EventFrame eventId={eventId} title={(d) => t('policy.title', { name: d.event.name })}>
      {(data) => <PolicyLoader eventId={eventId} data={data} />}
    </EventFrame>
  );
}

function PolicyLoader({ eventId, data }: { eventId: string; data: EventFrameData }) {
  const policy = useLoad(() => api.policy(eventId), [eventId]);
  if (!policy.data) {
    return policy.error ? <p class="notice notice--error" role="alert">{policy.error}</p> : <p role="status">{t('common.loading')}</p>;
  }
  return <PolicyEditor eventId={eventId} data={data} stored={policy.data} />;
}

/** Instants of the accepted window in venue time: the time alone when both fall on one venue day. */
function venueFacts(data: EventFrameData, early: number, late: number): DoorFacts {
  const tz = data.venue.timezone;
  const locale = regionalTag();
  const doors = Date.parse(data.event.doorsOpenAt);
  const end = Date.parse(data.event.endsAt);
  const day = (ms: number) => utcToLocal(new Date(ms).toISOString(), tz).slice(0, 10);
  const oneDay = day(doors - early * 1000) === day(end + late * 1000);
  return { doorsOpenAt: doors, endsAt: end, time: (ms) => (oneDay ? venueTime : venueDateTime)(new Date(ms).toISOString(), tz, locale) };
}

function PolicyEditor({ eventId, data, stored }: { eventId: string; data: EventFrameData; stored: EventPolicy }) {
  const [form, setForm] = useState<PolicyForm>(() => formFromRules(stored.rules, stored.template));
  const [showProblems, setShowProblems] = useState(false);
  const { busy, outcome, run, setOutcome } = useAction();
  const set = (patch: Partial<PolicyForm>) => setForm((f) => ({ ...f, ...patch }));
  const reading = readForm(form);
  const problems = reading.ok ? {} : reading.problems;
  const rules = reading.ok ? reading.rules : null;
  const preview = useMemo(() => rules && {
    says: doorSentences(rules, stored.dayStartMinutes, venueFacts(data, rules.earlyGraceSeconds, rules.lateGraceSeconds), t),
    steps: doorSequence(rules, stored.dayStartMinutes, t),
  }, [JSON.stringify(rules), data]);

  const save = (e: Event) => {
    e.preventDefault();
    if (!rules) { setShowProblems(true); setOutcome({ kind: 'error', text: t('policy.invalid') }); return; }
    void run(async () => {
      const saved = await api.updatePolicy(eventId, form.template, rules);
      setForm(formFromRules(saved.rules, saved.template));
      return t('policy.saved');
    });
  };
  // A count field is there only while its limit is on: "no limit" has no number to show.
  const number = (field: FormField, label: MessageKey, hint?: MessageKey) => {
    const problem = showProblems || form[field] !== '' ? problems[field] : undefined;
    return (
      <label class="field">
        <span class="field__label">{t(label)}</span>
        <input name={field} inputMode={field.endsWith('Minutes') ? 'decimal' : 'numeric'} value={form[field]}
          aria-invalid={problem ? 'true' : undefined} aria-describedby={`${field}-hint`}
          onInput={(e) => set({ [field]: (e.target as HTMLInputElement).value })} />
        <span id={`${field}-hint`} class={problem ? 'field__hint field__problem' : 'field__hint'}>{problem ? t(problem) : hint ? t(hint) : ''}</span>
      </label>
    );
  };
  const check = (name: 'entriesLimited' | 'perDayLimited' | 'reentryRequiresExit' | 'exitScans', label: MessageKey, hint?: MessageKey) => (
    <label class="choice choice--block">
      <input type="checkbox" name={name} checked={form[name]} onChange={(e) => set({ [name]: (e.target as HTMLInputElement).checked })}
        aria-describedby={hint ? `${name}-hint` : undefined} />
      <span>{t(label)}{hint ? <span class="field__hint choice__hint" id={`${name}-hint`}>{t(hint)}</span> : null}</span>
    </label>
  );
  const templateName = form.template ? t(`events.policy.${form.template}` as MessageKey) : null;

  return (
    <div class="door-policy">
      <form class="card" onSubmit={save} noValidate data-testid="door-policy-form">
        <p class="section__intro">{t('policy.intro')}</p>
        <fieldset class="group templates">
          <legend>{t('policy.template.legend')}</legend>
          {TEMPLATES.map((tpl) => (
            <TemplateOption key={tpl} template={tpl} checked={form.template === tpl}
              onChoose={() => { setForm(formFromTemplate(tpl)); setShowProblems(false); }} />
          ))}
        </fieldset>
        <p class="muted" data-testid="template-note">
          {!templateName ? t('policy.template.none') : rules && isTemplate(rules, form.template) ? templateName : t('policy.template.adjusted', { name: templateName })}
        </p>
        <fieldset class="group">
          <legend>{t('policy.numbers.legend')}</legend>
          {check('entriesLimited', 'policy.entries.limited')}
          {form.entriesLimited ? number('maxEntries', 'policy.entries.count') : null}
          {check('perDayLimited', 'policy.perDay.limited')}
          {form.perDayLimited ? number('maxEntriesPerDay', 'policy.perDay.count') : null}
          {check('reentryRequiresExit', 'policy.reentry', 'policy.reentry.hint')}
          {number('cooldownMinutes', 'policy.cooldown', 'policy.cooldown.hint')}
          {check('exitScans', 'policy.exits')}
          {number('duplicateWindowSeconds', 'policy.duplicate', 'policy.duplicate.hint')}
          <div class="grid">
            {number('earlyMinutes', 'policy.early', 'policy.minutesHint')}
            {number('lateMinutes', 'policy.late', 'policy.minutesHint')}
          </div>
        </fieldset>
        <div class="actions">
          <button type="submit" class="btn btn--primary" disabled={busy} data-testid="save-policy">{busy ? t('common.working') : t('policy.save')}</button>
        </div>
        <Notice outcome={outcome} />
      </form>
      <section class="card" aria-labelledby="door-preview-title" data-testid="door-preview">
        <h2 id="door-preview-title">{t('policy.preview.title')}</h2>
        <p class="muted">{t('policy.preview.intro')}</p>
        {/* Announced politely as it changes: the organizer hears the effect of the field just edited. */}
        <div aria-live="polite" data-testid="preview-live">
          {preview ? (
            <ul class="preview-says" data-testid="preview-sentences">{preview.says.map((s) => <li key={s}>{s}</li>)}</ul>
          ) : <p class="notice notice--error">{t('policy.preview.invalid')}</p>}
        </div>
        {preview ? (
          <table class="sim-table" data-testid="preview-sequence">
            <caption>{t('policy.preview.simTitle')}</caption>
            <thead><tr><th scope="col">{t('policy.preview.when')}</th><th scope="col">{t('policy.preview.answer')}</th></tr></thead>
            <tbody>
              {preview.steps.map((s, i) => (
                <tr key={i} data-testid="sim-row" data-verdict={s.verdict} data-reason={s.reason}>
                  <th scope="row">{s.what}</th>
                  <td class={`sim-answer--${s.verdict}`}>{t(`verdict.${s.verdict}` as MessageKey)} — {t(`reason.${s.reason}` as MessageKey)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </section>
    </div>
  );
}
