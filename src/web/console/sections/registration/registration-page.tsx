// Free registration of one event: open or close it, which ticket type registrants get, when it
// opens and closes (typed in the venue's time and turned into instants with the venue's zone,
// DST-safe, by event-time.ts), how many places there are, and the public page's link and QR.
import { useState } from 'preact/hooks';
import { QrCode } from '../../../shared/qr-code.tsx';
import { api, type PublicEvent, type RegistrationSettings } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { Field, Notice, useAction, useLoad } from '../../ui.tsx';
import { EventFrame, venueClock, type EventFrameData, type EventPageProps } from '../events/event-frame.tsx';
import { localToUtc, utcToLocal, venueDateTime } from '../events/event-time.ts';

export default function RegistrationPage({ eventId }: EventPageProps) {
  return (
    <EventFrame eventId={eventId} title={(d) => t('registration.title', { name: d.event.name })}>
      {(frame) => <Registration frame={frame} />}
    </EventFrame>
  );
}

function Registration({ frame }: { frame: EventFrameData }) {
  const { event } = frame;
  const data = useLoad(async () => {
    const settings = await api.registration(event.id);
    // The public view says how many places are left; a draft has none (404), which is no error here.
    const pub = event.status === 'draft' ? null : await api.publicEvent(event.slug).catch(() => null);
    return { settings, pub };
  }, [event.id]);
  if (data.error) return <p class="notice notice--error" role="alert">{data.error}</p>;
  if (!data.data) return <p role="status">{t('common.loading')}</p>;
  return <RegistrationForm frame={frame} settings={data.data.settings} pub={data.data.pub} onSaved={data.reload} />;
}

function RegistrationForm({ frame, settings, pub, onSaved }: {
  frame: EventFrameData; settings: RegistrationSettings | null; pub: PublicEvent | null; onSaved: () => void;
}) {
  const { event, venue, ticketTypes } = frame;
  const tz = venue.timezone;
  const [enabled, setEnabled] = useState(settings?.enabled ?? false);
  const [typeId, setTypeId] = useState(settings?.ticketTypeId ?? ticketTypes[0]?.id ?? '');
  const [opens, setOpens] = useState(settings?.opensAt ? utcToLocal(settings.opensAt, tz) : '');
  const [closes, setCloses] = useState(settings?.closesAt ? utcToLocal(settings.closesAt, tz) : '');
  const { busy, outcome, run } = useAction({ unprocessable: 'registration.unprocessable' });
  const url = settings?.url ?? `${location.origin}/e/${event.slug}/register`;
  const type = ticketTypes.find((tt) => tt.id === typeId);
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const opensAt = opens ? localToUtc(opens, tz)?.iso ?? null : null;
      const closesAt = closes ? localToUtc(closes, tz)?.iso ?? null : null;
      await api.updateRegistration(event.id, { enabled, ticketTypeId: typeId, opensAt, closesAt });
      onSaved();
      return t(enabled ? 'registration.savedOpen' : 'registration.savedClosed');
    });
  };
  if (ticketTypes.length === 0) return <p class="empty">{t('events.tickets.none')}</p>;
  return (
    <>
      <div class="card" data-testid="registration-state">
        <h2>{t('registration.now')}</h2>
        <p>
          <span class={`badge badge--${settings?.enabled ? 'live' : 'draft'}`} data-testid="registration-enabled">
            {t(settings?.enabled ? 'registration.on' : 'registration.off')}</span>
          {pub ? <>{' '}<span data-testid="registration-public-state">{t(`registration.state.${pub.registration.state}` as MessageKey)}</span></> : null}
        </p>
        <dl class="facts">
          <dt>{t('events.event.capacity')}</dt><dd>{event.capacity ?? t('events.noLimit')}</dd>
          <dt>{t('registration.typeCapacity')}</dt><dd>{type ? type.capacity ?? t('events.noLimit') : '—'}</dd>
          <dt>{t('registration.spotsLeft')}</dt>
          <dd data-testid="spots-left">{pub ? pub.registration.spotsLeft ?? t('events.noLimit') : '—'}</dd>
          <dt>{t('events.detail.issued')}</dt><dd>{event.ticketsIssued}</dd>
        </dl>
        <h3>{t('registration.link')}</h3>
        <p><a href={url} target="_blank" rel="noopener" class="break" data-testid="registration-url">{url}</a></p>
        <div class="setup-code">
          <QrCode text={url} alphanumeric={false} label={t('registration.qrLabel')} class="setup-code__qr" testId="registration-qr" />
          <p class="muted">{t('registration.qrHint')}</p>
        </div>
      </div>
      <form class="card" onSubmit={save} aria-labelledby="registration-settings-title" data-testid="registration-form">
        <h2 id="registration-settings-title">{t('registration.settings')}</h2>
        <label class="choice choice--block">
          <input type="checkbox" name="registrationEnabled" checked={enabled} onChange={(e) => setEnabled((e.target as HTMLInputElement).checked)} />
          <span>{t('registration.enable')}</span>
        </label>
        <Field label={t('registration.ticketType')}>
          <select name="registrationType" value={typeId} onChange={(e) => setTypeId((e.target as HTMLSelectElement).value)}>
            {ticketTypes.map((tt) => <option key={tt.id} value={tt.id}>{tt.name}</option>)}
          </select>
        </Field>
        <p class="muted" id="registration-zone-hint">{t('registration.timesHint', { zone: venueClock(frame).zone })}</p>
        <LocalTime label={t('registration.opensAt')} name="registrationOpens" value={opens} timeZone={tz} onChange={setOpens} />
        <LocalTime label={t('registration.closesAt')} name="registrationCloses" value={closes} timeZone={tz} onChange={setCloses} />
        <button type="submit" class="btn btn--primary" disabled={busy || !typeId} data-testid="registration-save">
          {busy ? t('common.working') : t('registration.save')}
        </button>
        <Notice outcome={outcome} />
      </form>
    </>
  );
}

/** An optional venue-local time; a skipped or repeated hour (a clock change) says what it became. */
function LocalTime({ label, name, value, timeZone, onChange }: {
  label: string; name: string; value: string; timeZone: string; onChange: (v: string) => void;
}) {
  const read = value ? localToUtc(value, timeZone) : null;
  const hint = read?.note === 'skipped' ? t('events.event.skipped', { time: venueDateTime(read.iso, timeZone, regionalTag()) })
    : read?.note === 'repeated' ? t('events.event.repeated') : t('registration.emptyTime');
  return (
    <Field label={label} hint={hint}>
      <input type="datetime-local" name={name} value={value} aria-describedby="registration-zone-hint"
        onInput={(e) => onChange((e.target as HTMLInputElement).value)} />
    </Field>
  );
}
