// Step 1: where the event happens. An existing venue, or a new one with its time zone — the zone
// every time of the event is typed and shown in. A venue made here joins the list, so going back
// to this step shows it chosen rather than making it twice.
import { useMemo, useState } from 'preact/hooks';
import { api, type VenueRecord } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { Field, Notice, useAction, useLoad } from '../../ui.tsx';
import { timeZones } from './event-time.ts';
import type { VenueForm } from './flow-steps.ts';
import { StepNav, type StepProps } from './step-nav.tsx';

export function VenueStep({ draft, update, next, mayCreate }: StepProps & { mayCreate: boolean }) {
  const venues = useLoad(() => api.allVenues());
  const zones = useMemo(timeZones, []);
  const { busy, outcome, run, setOutcome } = useAction();
  const [loading, setLoading] = useState(false);
  const list = venues.data ?? [];
  const f = draft.venueForm;
  // With no venue yet, or no right to make one, the form starts where it can be filled in.
  const mode: VenueForm['mode'] = !mayCreate ? 'existing' : list.length === 0 && venues.data ? 'new' : f.mode;
  const chosen = list.find((v) => v.id === f.venueId) ?? (mode === 'existing' ? list[0] : undefined);
  const set = (patch: Partial<VenueForm>) => {
    if (outcome?.kind === 'error') setOutcome(null);
    update((d) => ({ venueForm: { ...d.venueForm, ...patch } }));
  };

  const take = async (venue: VenueRecord) => {
    // A different venue has other zones and gates: load them (an unchanged one keeps what is shown).
    if (draft.venue?.id !== venue.id) {
      setLoading(true);
      try {
        const [zs, gs] = await Promise.all([api.zones(venue.id), api.gates(venue.id)]);
        update({ venue, zones: zs, gates: gs });
      } finally { setLoading(false); }
    }
    update((d) => ({ venue, venueForm: { ...d.venueForm, mode: 'existing', venueId: venue.id } }));
    next();
  };

  const submit = (e: Event) => {
    e.preventDefault();
    if (mode === 'existing') {
      if (!chosen) { setOutcome({ kind: 'error', text: t('events.problem.venue') }); return; }
      void run(() => take(chosen));
      return;
    }
    if (!f.name.trim()) { setOutcome({ kind: 'error', text: t('events.problem.venueName') }); return; }
    void run(async () => {
      const venue = await api.createVenue({ name: f.name.trim(), timezone: f.timezone, ...(f.address.trim() ? { address: f.address.trim() } : {}) });
      venues.setData([...list, venue]);
      await take(venue);
    });
  };

  return (
    <form onSubmit={submit} aria-describedby="venue-step-intro" noValidate>
      <p id="venue-step-intro">{t('events.venue.intro')}</p>
      {venues.error ? <p class="notice notice--error" role="alert">{venues.error}</p> : null}
      {!venues.data && !venues.error ? <p role="status">{t('common.loading')}</p> : null}
      {mayCreate && list.length > 0 ? (
        <fieldset class="choices">
          <legend>{t('events.venue.which')}</legend>
          <label class="choice"><input type="radio" name="venueMode" value="existing" checked={mode === 'existing'} onChange={() => set({ mode: 'existing' })} /> {t('events.venue.existing')}</label>
          <label class="choice"><input type="radio" name="venueMode" value="new" checked={mode === 'new'} onChange={() => set({ mode: 'new' })} /> {t('events.venue.new')}</label>
        </fieldset>
      ) : null}
      {mode === 'existing' && list.length > 0 ? (
        <Field label={t('venue.label')}>
          <select name="venueId" value={chosen?.id ?? ''} onChange={(e) => set({ venueId: (e.target as HTMLSelectElement).value })}>
            {list.map((v) => <option key={v.id} value={v.id}>{v.name} — {v.timezone.replace(/_/g, ' ')}</option>)}
          </select>
        </Field>
      ) : null}
      {mode === 'existing' && venues.data && list.length === 0 ? <p class="notice notice--error" role="alert">{t('events.venue.noneYours')}</p> : null}
      {mode === 'new' ? (
        <fieldset class="group">
          <legend>{t('events.venue.newTitle')}</legend>
          <Field label={t('events.venue.name')} hint={t('events.venue.nameHint')}>
            <input name="venueName" required maxLength={200} value={f.name} onInput={(e) => set({ name: (e.target as HTMLInputElement).value })} />
          </Field>
          <Field label={t('events.venue.timezone')} hint={t('events.venue.timezoneHint')}>
            <select name="venueTimezone" value={f.timezone} onChange={(e) => set({ timezone: (e.target as HTMLSelectElement).value })}>
              {(zones.includes(f.timezone) ? zones : [f.timezone, ...zones]).map((z) => <option key={z} value={z}>{z.replace(/_/g, ' ')}</option>)}
            </select>
          </Field>
          <Field label={t('events.venue.address')} hint={t('events.optional')}>
            <textarea name="venueAddress" rows={2} maxLength={500} value={f.address} onInput={(e) => set({ address: (e.target as HTMLTextAreaElement).value })} />
          </Field>
        </fieldset>
      ) : null}
      <Notice outcome={outcome} />
      <StepNav busy={busy || loading} />
    </form>
  );
}
