// "My credits" on the ticket page: for events whose sessions give CPD credits, each such session
// with the minutes the holder was inside and whether that earned its credits, the total, and the
// certificate once something is earned. Fetched when the page is online; an event without CPD
// sessions (most events) shows nothing at all.
import { useEffect, useState } from 'preact/hooks';
import { certificateUrl, fetchCredits, type CreditStatement } from './attendee-api.ts';
import { i18n, t } from './i18n.ts';

export function MyCredits({ secret, offline }: { secret: string; offline: boolean }) {
  const [statement, setStatement] = useState<CreditStatement | null>(null);
  useEffect(() => {
    if (offline) return;
    let live = true;
    void fetchCredits(secret).then((r) => { if (live && r.ok) setStatement(r.data); });
    return () => { live = false; };
  }, [secret, offline]);
  if (!statement || statement.sessions.length === 0) return null;

  const locale = i18n.locale.value;
  // Latin digits, as the certificate prints them, so the two read the same.
  const number = (n: number) => new Intl.NumberFormat(`${locale}-u-nu-latn`, { maximumFractionDigits: 2 }).format(n);
  return (
    <section class="notes my-credits" aria-labelledby="credits-title" data-testid="my-credits">
      <h2 id="credits-title" class="actions-title">{t('credits.title')}</h2>
      <ul class="credit-list">
        {statement.sessions.map((s) => (
          <li key={s.sessionId} data-testid="credit-session">
            <strong>{s.name}</strong>
            <span>{t('credits.minutes', { minutes: number(s.minutes), needed: number(s.minutesNeeded) })}</span>
            <span>{t('credits.worth', { credits: number(s.credits) })} · {s.earned ? t('credits.earned') : t('credits.notEarned')}</span>
          </li>
        ))}
      </ul>
      {statement.totalCredits > 0 ? (
        <>
          <p><strong data-testid="credits-total">{t('credits.total', { credits: number(statement.totalCredits) })}</strong></p>
          <div class="actions">
            <a class="btn secondary" href={certificateUrl(secret, locale)} download data-testid="certificate">{t('credits.certificate')}</a>
          </div>
        </>
      ) : <p>{t('credits.noneYet')}</p>}
    </section>
  );
}
