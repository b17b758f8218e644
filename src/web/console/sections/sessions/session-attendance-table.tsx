// Who attended one session: per ticket, the minutes inside during the session, the first entry and
// last exit (venue clock) and the credits earned. Loaded when the organizer opens it, since each
// session's table is a query of its own.
import { api } from '../../console-api.ts';
import { regionalTag, t } from '../../i18n.ts';
import { useLoad } from '../../ui.tsx';
import type { VenueClock } from '../events/event-frame.tsx';

export function AttendanceTable({ eventId, sessionId, clock }: { eventId: string; sessionId: string; clock: VenueClock }) {
  const loaded = useLoad(() => api.sessionAttendance(eventId, sessionId), [eventId, sessionId]);
  if (!loaded.data) {
    return loaded.error ? <p class="notice notice--error" role="alert">{loaded.error}</p> : <p role="status">{t('common.loading')}</p>;
  }
  const { session, attendees } = loaded.data;
  const number = new Intl.NumberFormat(regionalTag(), { maximumFractionDigits: 2 });
  return (
    <div data-testid="session-attendance">
      {session.minutesNeeded !== null && <p class="muted">{t('sessions.needed', { minutes: number.format(session.minutesNeeded) })}</p>}
      {attendees.length === 0 ? <p class="empty">{t('sessions.noAttendance')}</p> : (
        <>
          <p class="muted">{t('sessions.attendees', { count: attendees.length })}</p>
          <div class="table-scroll">
            <table class="live-table">
              <thead>
                <tr>
                  <th scope="col">{t('sessions.col.serial')}</th>
                  <th scope="col">{t('sessions.col.name')}</th>
                  <th scope="col">{t('sessions.col.type')}</th>
                  <th scope="col">{t('sessions.col.minutes')}</th>
                  <th scope="col">{t('sessions.col.firstEntry')}</th>
                  <th scope="col">{t('sessions.col.lastExit')}</th>
                  <th scope="col">{t('sessions.col.credits')}</th>
                </tr>
              </thead>
              <tbody>
                {attendees.map((a) => (
                  <tr key={a.ticketId} data-testid="attendee-row">
                    <td>{a.serial}</td>
                    <td>{a.holderName}</td>
                    <td>{a.type}</td>
                    <td>{number.format(a.minutes)}</td>
                    <td>{a.firstEntry ? clock.exact(a.firstEntry) : '—'}</td>
                    <td>{a.lastExit ? clock.exact(a.lastExit) : '—'}</td>
                    <td>{number.format(a.earnedCredits)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
