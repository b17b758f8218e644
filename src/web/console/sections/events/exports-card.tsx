// An event's files for after the doors: attendance, the scan log and sessions as CSV (with a BOM,
// so Excel reads Adébáyọ̀ and አበበ right), and the one-page summary PDF in the console's language.
// The routes need the manager's token, so the file is fetched and handed to the browser to save.
import { i18n, t } from '../../i18n.ts';
import { api } from '../../console-api.ts';
import type { MessageKey } from '../../messages/en.ts';
import { Notice, useAction } from '../../ui.tsx';

const FILES: { file: string; label: MessageKey; testId: string }[] = [
  { file: 'attendance.csv', label: 'live.exports.attendance', testId: 'export-attendance' },
  { file: 'scans.csv', label: 'live.exports.scans', testId: 'export-scans' },
  { file: 'sessions.csv', label: 'live.exports.sessions', testId: 'export-sessions' },
  { file: 'summary.pdf', label: 'live.exports.summary', testId: 'export-summary' },
];

function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function ExportsCard({ eventId, slug }: { eventId: string; slug: string }) {
  const { busy, outcome, run } = useAction();
  const get = (file: string) => void run(async () => {
    const query = file.endsWith('.pdf') ? `lang=${encodeURIComponent(i18n.locale.value)}` : 'bom=true';
    save(await api.exportFile(eventId, file, query), `${slug}-${file}`);
  });
  return (
    <div class="card" data-testid="exports">
      <h2>{t('live.exports.title')}</h2>
      <p>{t('live.exports.intro')}</p>
      <div class="actions">
        {FILES.map((f) => (
          <button key={f.file} type="button" class="btn" disabled={busy} data-testid={f.testId} onClick={() => get(f.file)}>{t(f.label)}</button>
        ))}
      </div>
      <Notice outcome={outcome} />
    </div>
  );
}
