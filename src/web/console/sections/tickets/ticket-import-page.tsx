// The CSV import: pick a file, choose what happens to bad rows, send it as text/csv with an
// Idempotency-Key, and read the server's report — how many rows went in, and for each refused
// row its line and what was wrong, in words.
import { useState } from 'preact/hooks';
import { api, type ImportReport } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { onLinkClick } from '../../router.ts';
import { Field, Notice, useAction } from '../../ui.tsx';
import { EventFrame, type EventFrameData } from '../events/event-frame.tsx';
import { newIdempotencyKey } from './idempotency-key.ts';

/** The server takes at most 16 MB; a bigger file is refused here before it is sent. */
const MAX_BYTES = 16 * 1_048_576;

export function ImportPage({ eventId }: { eventId: string }) {
  return (
    <EventFrame eventId={eventId} title={() => t('tickets.import.title')}>
      {(frame) => <ImportForm eventId={eventId} frame={frame} />}
    </EventFrame>
  );
}

function ImportForm({ eventId, frame }: { eventId: string; frame: EventFrameData }) {
  const [file, setFile] = useState<File | null>(null);
  const [strict, setStrict] = useState(false);
  const [type, setType] = useState('');
  const [report, setReport] = useState<ImportReport | null>(null);
  // One key per file and options: pressing Import again after a lost answer imports once.
  const [key, setKey] = useState(() => newIdempotencyKey('import'));
  const renew = () => setKey(newIdempotencyKey('import'));
  const { busy, outcome, run, setOutcome } = useAction({
    unsupported_media_type: 'tickets.import.notCsv', payload_too_large: 'tickets.import.tooBig', unprocessable: 'tickets.import.unprocessable',
  });
  const submit = (e: Event) => {
    e.preventDefault();
    if (!file) return;
    if (file.size > MAX_BYTES) { setOutcome({ kind: 'error', text: t('tickets.import.tooBig') }); return; }
    void run(async () => {
      setReport(null);
      const answer = await api.importTickets(eventId, await file.text(), { strict, type: type || null }, key);
      setReport(answer);
      renew();
      return t(answer.committed ? 'tickets.import.done' : 'tickets.import.nothing', { imported: answer.imported, rows: answer.rows });
    });
  };
  return (
    <>
      <form class="card" onSubmit={submit} aria-labelledby="import-title" data-testid="import-form">
        <h2 id="import-title">{t('tickets.import.formTitle')}</h2>
        <p class="muted">{t('tickets.import.columns')}</p>
        <Field label={t('tickets.import.file')}>
          <input type="file" name="importFile" accept=".csv,text/csv" required
            onChange={(e) => { setFile((e.target as HTMLInputElement).files?.[0] ?? null); setReport(null); renew(); }} />
        </Field>
        <Field label={t('tickets.import.defaultType')} hint={t('tickets.import.defaultTypeHint')}>
          <select name="importType" value={type} onChange={(e) => { setType((e.target as HTMLSelectElement).value); renew(); }}>
            <option value="">{t('tickets.import.fromFile')}</option>
            {frame.ticketTypes.map((tt) => <option key={tt.id} value={String(tt.typeNo)}>{tt.name}</option>)}
          </select>
        </Field>
        <label class="choice choice--block">
          <input type="checkbox" name="importStrict" checked={strict} onChange={(e) => { setStrict((e.target as HTMLInputElement).checked); renew(); }} />
          <span>{t('tickets.import.strict')}</span>
        </label>
        <button type="submit" class="btn btn--primary" disabled={busy || !file} data-testid="import-submit">
          {busy ? t('common.working') : t('tickets.import.submit')}
        </button>
        <Notice outcome={outcome} />
      </form>
      {report ? <ImportReportView eventId={eventId} report={report} /> : null}
    </>
  );
}

function ImportReportView({ eventId, report }: { eventId: string; report: ImportReport }) {
  const list = `/events/${eventId}/tickets`;
  return (
    <section class="card" aria-labelledby="report-title" data-testid="import-report">
      <h2 id="report-title">{t('tickets.import.reportTitle')}</h2>
      <dl class="facts">
        <dt>{t('tickets.import.rows')}</dt><dd data-testid="report-rows">{report.rows}</dd>
        <dt>{t('tickets.import.valid')}</dt><dd>{report.valid}</dd>
        <dt>{t('tickets.import.imported')}</dt><dd data-testid="report-imported">{report.imported}</dd>
        {report.ignoredColumns.length > 0 ? <><dt>{t('tickets.import.ignored')}</dt><dd>{report.ignoredColumns.join(', ')}</dd></> : null}
      </dl>
      {report.rejected.length === 0 ? <p>{t('tickets.import.allGood')}</p> : (
        <>
          <h3>{t('tickets.import.problems', { count: report.rejected.length })}</h3>
          <ul class="plain" data-testid="import-problems">
            {report.rejected.map((p) => (
              <li key={`${p.line}-${p.reason}`} class="log__row" data-testid="import-problem" data-line={p.line} data-reason={p.reason}>
                <strong>{t('tickets.import.line', { line: p.line })}</strong>{' '}{t(`tickets.import.reason.${p.reason}` as MessageKey)}
              </li>
            ))}
          </ul>
        </>
      )}
      {report.imported > 0 ? <p><a href={`/console${list}`} onClick={(e) => onLinkClick(e, list)}>{t('tickets.import.seeTickets')}</a></p> : null}
    </section>
  );
}
