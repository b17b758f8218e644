// An event's gates and zones after the new-event flow: the venue's zone tree and its gates, with
// the same editors the flow uses. They belong to the venue, so a change here is a change for every
// event there, and the page says so. Door phones see it in their next manifest page.
import { useState } from 'preact/hooks';
import { api, type Gate, type Zone } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { useLoad } from '../../ui.tsx';
import { EventFrame, type EventFrameData, type EventPageProps } from './event-frame.tsx';
import { GatesEditor } from './gates-editor.tsx';
import { ZoneTreeEditor } from './zone-tree-editor.tsx';

export default function DoorSetupPage({ eventId }: EventPageProps) {
  return (
    <EventFrame eventId={eventId} title={(d) => t('doorSetup.title', { name: d.event.name })}>
      {(data) => <DoorSetupLoader data={data} />}
    </EventFrame>
  );
}

function DoorSetupLoader({ data }: { data: EventFrameData }) {
  const loaded = useLoad(async () => {
    const [zones, gates] = await Promise.all([api.zones(data.venue.id), api.gates(data.venue.id)]);
    return { zones, gates };
  }, [data.venue.id]);
  if (!loaded.data) {
    return loaded.error ? <p class="notice notice--error" role="alert">{loaded.error}</p> : <p role="status">{t('common.loading')}</p>;
  }
  return <DoorSetup data={data} zones={loaded.data.zones} gates={loaded.data.gates} />;
}

function DoorSetup({ data, zones: firstZones, gates: firstGates }: { data: EventFrameData; zones: Zone[]; gates: Gate[] }) {
  const [zones, setZones] = useState(firstZones);
  const [gates, setGates] = useState(firstGates);
  return (
    <>
      <p>{t('doorSetup.intro', { venue: data.venue.name })}</p>
      <ZoneTreeEditor venue={data.venue} zones={zones} gateZoneIds={new Set(gates.map((g) => g.zoneId))} onChange={setZones} />
      <GatesEditor venue={data.venue} zones={zones} gates={gates} onChange={setGates} />
    </>
  );
}
