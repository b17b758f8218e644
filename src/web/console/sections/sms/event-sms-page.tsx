// One event's SMS side: the gate SMS check-ins are recorded at (and guests are sent to), whether
// any phone may text a ticket's PIN, and PIN by SMS at issuance with the message as it will go
// out and what it costs in SMS segments. The numbers serving it are managed under SMS & USSD.
import { useState } from 'preact/hooks';
import { api, type Gate, type SmsChannel, type SmsEventSettingsView } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { onLinkClick } from '../../router.ts';
import { can, session } from '../../session.ts';
import { Field, Notice, useAction, useLoad } from '../../ui.tsx';
import { EventFrame, type EventFrameData, type EventPageProps } from '../events/event-frame.tsx';

export default function EventSmsPage({ eventId }: EventPageProps) {
  return (
    <EventFrame eventId={eventId} title={(d) => t('sms.event.title', { name: d.event.name })}>
      {(data) => <Loader data={data} />}
    </EventFrame>
  );
}

function Loader({ data }: { data: EventFrameData }) {
  const seesChannels = can(session.value, 'sms');
  const loaded = useLoad(async () => {
    const [settings, gates, channels] = await Promise.all([
      api.smsSettings(data.event.id), api.gates(data.venue.id),
      seesChannels ? api.smsChannels().then((c) => c.channels) : Promise.resolve(null),
    ]);
    return { settings, gates, channels };
  }, [data.event.id]);
  if (!loaded.data) {
    return loaded.error ? <p class="notice notice--error" role="alert">{loaded.error}</p> : <p role="status">{t('common.loading')}</p>;
  }
  return <Settings data={data} first={loaded.data.settings} gates={loaded.data.gates} channels={loaded.data.channels} />;
}

function Settings({ data, first, gates, channels }: {
  data: EventFrameData; first: SmsEventSettingsView; gates: Gate[]; channels: SmsChannel[] | null;
}) {
  const [view, setView] = useState(first);
  const [gateId, setGateId] = useState(first.gateId ?? '');
  const [anySender, setAnySender] = useState(first.allowAnySender);
  const [pinSms, setPinSms] = useState(first.pinSms);
  const { busy, outcome, run } = useAction();
  const serving = channels?.filter((c) => c.events.some((e) => e.eventId === data.event.id)) ?? null;
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      setView(await api.putSmsSettings(data.event.id, { gateId: gateId || null, allowAnySender: anySender, pinSms }));
      return t('sms.event.saved');
    });
  };
  const seg = view.segments;
  return (
    <>
      {serving ? (
        <div class="card">
          <h2>{t('sms.event.channels')}</h2>
          {serving.length === 0 ? <p class="empty" data-testid="sms-event-no-channel">{t('sms.event.noChannel')}</p> : (
            <ul class="plain" data-testid="sms-event-channels">
              {serving.map((c) => <li key={c.id}><bdi>{c.number}</bdi> · {t(`sms.provider.${c.provider}`)}{c.ussdCode ? <> · <bdi>{c.ussdCode}</bdi></> : null}</li>)}
            </ul>
          )}
          <a class="btn" href="/console/sms" onClick={(e) => onLinkClick(e, '/sms')}>{t('sms.event.openChannels')}</a>
        </div>
      ) : null}
      <form class="card" onSubmit={save} data-testid="sms-settings">
        <Field label={t('sms.event.gate')} hint={t('sms.event.gateHint')}>
          <select name="smsGate" value={gateId} onChange={(e) => setGateId((e.target as HTMLSelectElement).value)}>
            <option value="">{t('sms.event.gateAuto')}</option>
            {gates.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </Field>
        <label class="choice">
          <input type="checkbox" name="smsAnySender" checked={anySender} onChange={(e) => setAnySender((e.target as HTMLInputElement).checked)} />
          {' '}{t('sms.event.anySender')}
        </label>
        <p class="field__hint">{t('sms.event.anySenderHint')}</p>
        <label class="choice">
          <input type="checkbox" name="smsPinSms" checked={pinSms} onChange={(e) => setPinSms((e.target as HTMLInputElement).checked)} data-testid="sms-pin-switch" />
          {' '}{t('sms.event.pinSms')}
        </label>
        <p class="field__hint">{t('sms.event.pinSmsHint')}</p>
        <h3>{t('sms.event.preview')}</h3>
        <p class="sms-preview" data-testid="sms-pin-preview"><bdi>{view.pinMessagePreview}</bdi></p>
        <p class="muted" data-testid="sms-pin-segments" data-segments={seg.segments}>
          {t('sms.event.segments', { count: seg.segments, characters: seg.characters, encoding: t(`sms.event.encoding.${seg.encoding}`) })}</p>
        <button class="btn btn--primary" type="submit" disabled={busy}>{t('sms.event.save')}</button>
        <Notice outcome={outcome} />
      </form>
    </>
  );
}
