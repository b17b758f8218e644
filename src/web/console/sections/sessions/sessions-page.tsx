// An event's sessions with their CPD settings (credits, the share of the session an attendee must
// be inside for, the ticket types admitted), each session's attendance from the scans at its
// room's door, and the credits CSV for the organizer's CPD records. Times are the venue's clock.
import { useRef, useState } from 'preact/hooks';
import { api, type SessionView, type TicketTypeView, type Zone } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { errorText, Field, Notice, useAction, useLoad } from '../../ui.tsx';
import { EventFrame, type EventFrameData, type EventPageProps, type VenueClock } from '../events/event-frame.tsx';
import { AttendanceTable } from './session-attendance-table.tsx';
import { parseCredits, parseShare } from './session-cpd-input.ts';

export default function SessionsPage({ eventId }: EventPageProps) {
  return (
    <EventFrame eventId={eventId} title={(d) => t('sessions.title', { name: d.event.name })}>
      {(data, clock) => <Sessions data={data} clock={clock} />}
    </EventFrame>
  );
}

function Sessions({ data, clock }: { data: EventFrameData; clock: VenueClock }) {
  const loaded = useLoad(async () => {
    const [sessions, zones] = await Promise.all([api.sessions(data.event.id), api.zones(data.venue.id)]);
    return { sessions, zones };
  }, [data.event.id]);
  if (!loaded.data) {
    return loaded.error ? <p class="notice notice--error" role="alert">{loaded.error}</p> : <p role="status">{t('common.loading')}</p>;
  }
  const { sessions, zones } = loaded.data;
  return (
    <>
      <p>{t('sessions.intro')}</p>
      <CreditsCsv eventId={data.event.id} slug={data.event.slug} />
      {sessions.length === 0 ? <p class="empty" data-testid="sessions-empty">{t('sessions.none')}</p>
        : sessions.map((s) => (
          <SessionCard key={s.id} eventId={data.event.id} session={s} zones={zones} types={data.ticketTypes} clock={clock} />
        ))}
    </>
  );
}

/** The CSV is fetched with the console's token and handed to the browser as a file. */
function CreditsCsv({ eventId, slug }: { eventId: string; slug: string }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setProblem(null);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 120_000);
    try {
      const blob = await api.creditsCsv(eventId, controller.signal);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `${slug}-credits.csv`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      clearTimeout(timer);
      setBusy(false);
    }
  };
  return (
    <div class="card">
      <div class="actions">
        <button type="button" class="btn" disabled={busy} onClick={() => void download()} data-testid="credits-csv">{t('sessions.csv')}</button>
      </div>
      <p class="field__hint">{t('sessions.csvHint')}</p>
      {problem && <p class="notice notice--error" role="alert">{problem}</p>}
    </div>
  );
}

function SessionCard({ eventId, session: first, zones, types, clock }: {
  eventId: string; session: SessionView; zones: Zone[]; types: TicketTypeView[]; clock: VenueClock;
}) {
  const [session, setSession] = useState(first);
  const [credits, setCredits] = useState(first.credits === null ? '' : String(first.credits));
  const [share, setShare] = useState(first.minShare === null ? '' : String(first.minShare));
  const [byRoom, setByRoom] = useState(first.admitsTicketTypeIds === null);
  const [admits, setAdmits] = useState<Set<string>>(new Set(first.admitsTicketTypeIds ?? []));
  const [showing, setShowing] = useState(false);
  const { busy, outcome, run, setOutcome } = useAction();
  const idBase = useRef(`session-${first.id}`).current;
  const room = zones.find((z) => z.id === session.zoneId)?.name ?? '—';
  const minutes = Math.round((Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000);

  const save = (e: Event) => {
    e.preventDefault();
    const c = parseCredits(credits);
    const m = parseShare(share);
    if (c === undefined) { setOutcome({ kind: 'error', text: t('sessions.badCredits') }); return; }
    if (m === undefined) { setOutcome({ kind: 'error', text: t('sessions.badShare') }); return; }
    void run(async () => {
      const ids = byRoom ? null : types.filter((tt) => admits.has(tt.id)).map((tt) => tt.id);
      setSession(await api.updateSession(eventId, session.id, { credits: c, minShare: m, admitsTicketTypeIds: ids }));
      return t('sessions.saved');
    });
  };
  const toggle = (id: string, on: boolean) => {
    const next = new Set(admits);
    if (on) next.add(id); else next.delete(id);
    setAdmits(next);
  };

  return (
    <section class="card" aria-labelledby={`${idBase}-name`} data-testid="session-card">
      <h2 id={`${idBase}-name`}>{session.name}</h2>
      <p class="muted">
        {t('sessions.when', { start: clock.at(session.startsAt), end: clock.at(session.endsAt) })} · {room} · {t('sessions.length', { count: minutes })}
      </p>
      <form class="form" onSubmit={save}>
        <Field label={t('sessions.credits')} hint={t('sessions.creditsHint')}>
          <input name="credits" inputMode="decimal" dir="ltr" value={credits} onInput={(e) => setCredits((e.target as HTMLInputElement).value)} />
        </Field>
        <Field label={t('sessions.minShare')} hint={t('sessions.minShareHint')}>
          <input name="minShare" inputMode="numeric" dir="ltr" value={share} onInput={(e) => setShare((e.target as HTMLInputElement).value)} />
        </Field>
        <fieldset>
          <legend>{t('sessions.admits')}</legend>
          <label><input type="checkbox" name="byRoom" checked={byRoom} onChange={(e) => setByRoom((e.target as HTMLInputElement).checked)} /> {t('sessions.admitsRoom')}</label>
          {!byRoom && types.map((tt) => (
            <label key={tt.id}>
              <input type="checkbox" name="admits" value={tt.id} checked={admits.has(tt.id)} onChange={(e) => toggle(tt.id, (e.target as HTMLInputElement).checked)} /> {tt.name}
            </label>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" class="btn btn--primary" disabled={busy} data-testid="session-save">{t('sessions.save')}</button>
          <button type="button" class="btn" aria-expanded={showing} onClick={() => setShowing(!showing)} data-testid="session-attendance-toggle">
            {showing ? t('sessions.hideAttendance') : t('sessions.showAttendance')}
          </button>
        </div>
        <Notice outcome={outcome} />
      </form>
      {showing && <AttendanceTable eventId={eventId} sessionId={session.id} clock={clock} />}
    </section>
  );
}
