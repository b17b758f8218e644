// The screen staff spend the night on: where they are and the sync state on top, the camera (and
// a handheld barcode scanner, keyboard-wedge.ts), the three other ways to check someone in, and
// the latest scans (kept across reloads).
import { useEffect, useState } from 'preact/hooks';
import { listenForWedge } from '../keyboard-wedge.ts';
import type { MessageKey } from '../messages/en.ts';
import { t } from '../i18n.ts';
import { doorTime } from './door-time.ts';
import { undoCandidate, undoLast } from '../services/door-actions.service.ts';
import { submitScan } from '../services/scan.service.ts';
import { awaitsAttention, history, notice, replicaState, selection, verdict } from '../state.ts';
import { CameraView } from './camera-view.tsx';
import { IconCheck, IconCross, IconExit, IconKeyboard, IconSearch, IconUndo } from './icons.tsx';
import { ManualEntrySheet, NameSearchSheet } from './sheets.tsx';
import { SessionSheet } from './session-ui.tsx';
import { ScanHeader, StatusBar } from './status-bar.tsx';

type SheetName = 'manual' | 'search' | 'sessions' | null;

function HistoryList() {
  const eventId = selection.value?.eventId;
  const entries = history.value.filter((h) => h.eventId === eventId).slice(0, 20);
  if (entries.length === 0) return <p class="history__empty">{t('scan.noHistory')}</p>;
  return (
    <ol class="history" data-testid="history">
      {entries.map((h) => {
        const Icon = h.verdict === 'admitted' ? IconCheck : h.verdict === 'exited' ? IconExit : IconCross;
        const sync = h.undone ? t('history.undone')
          : h.sync === 'pending' ? t('history.pending')
          : h.sync === 'conflict' ? t('history.conflict')
          : h.sync === 'accepted' || h.sync === 'duplicate' ? t('history.synced') : null;
        return (
          <li key={h.scanId} class={`history__item history__item--${h.verdict} ${h.undone ? 'history__item--undone' : ''}`}
            data-verdict={h.verdict} data-reason={h.reason} data-sync={h.sync} data-mode={h.mode}>
            <span class="history__icon"><Icon size={22} /></span>
            <span class="history__text">
              <span class="history__title" dir="auto">
                {h.holderName ?? (h.serial !== undefined ? t('verdict.ticket', { serial: String(h.serial) }) : h.label)}
              </span>
              <span class="history__reason">{t(`verdict.${h.verdict}` as MessageKey)} · {t(`reason.${h.reason}` as MessageKey)}</span>
              {sync ? <span class="history__sync">{sync}</span> : null}
            </span>
            <time class="history__time">{doorTime(h.at)}</time>
          </li>
        );
      })}
    </ol>
  );
}

export function ScanScreen() {
  const [sheet, setSheet] = useState<SheetName>(null);
  const [confirmUndo, setConfirmUndo] = useState(false);
  const candidate = undoCandidate();
  const replica = replicaState.value;
  // While a note waits for staff's tap the camera's read is not taken: the next guest's QR, still
  // in view, is read again once the note is dismissed instead of being swallowed.
  const onCode = async (text: string) => {
    if (awaitsAttention(verdict.value)) return false;
    await submitScan({ qr: text });
    return true;
  };
  // A handheld barcode scanner types its read and Enter: judged like the camera's, while no sheet
  // or dialog is open (a field there takes the scanner's typing itself).
  useEffect(() => {
    if (sheet !== null || confirmUndo) return undefined;
    return listenForWedge(document, (input) => { void submitScan(input); });
  }, [sheet, confirmUndo]);
  return (
    <div class="scan-screen">
      <ScanHeader onSessions={() => setSheet('sessions')} />
      <StatusBar />
      {replica.status === 'downloading' ? (
        <p class="banner" role="status">{t('setup.download')} {t('setup.downloadProgress', { count: replica.saved })}</p>
      ) : null}
      <CameraView onCode={onCode} />
      <nav class="actions">
        <button type="button" class="action" onClick={() => setSheet('manual')} data-testid="open-manual">
          <IconKeyboard size={28} /><span>{t('scan.typeCode')}</span>
        </button>
        <button type="button" class="action" onClick={() => setSheet('search')} data-testid="open-search">
          <IconSearch size={28} /><span>{t('scan.findName')}</span>
        </button>
        <button type="button" class="action" onClick={() => setConfirmUndo(true)} disabled={!candidate} data-testid="undo">
          <IconUndo size={28} /><span>{t('scan.undo')}</span>
        </button>
      </nav>
      <section class="recent" aria-label={t('scan.recent')}>
        <h2 class="recent__title">{t('scan.recent')}</h2>
        <HistoryList />
      </section>
      {confirmUndo && candidate ? (
        <div class="confirm" role="alertdialog" aria-label={t('scan.undo')}>
          <p>{t('undo.confirm', { what: candidate.holderName ?? (candidate.serial !== undefined ? `#${candidate.serial}` : candidate.label) })}</p>
          <div class="confirm__buttons">
            <button type="button" class="btn btn--danger" data-testid="confirm-undo"
              onClick={() => { setConfirmUndo(false); void undoLast(); }}><IconUndo size={20} />{t('scan.undo')}</button>
            <button type="button" class="btn btn--ghost" onClick={() => setConfirmUndo(false)}>{t('common.cancel')}</button>
          </div>
        </div>
      ) : null}
      {notice.value ? <p class={`notice notice--${notice.value.tone}`} role="status" data-testid="notice">{notice.value.text}</p> : null}
      {sheet === 'manual' ? <ManualEntrySheet onClose={() => setSheet(null)} /> : null}
      {sheet === 'search' ? <NameSearchSheet onClose={() => setSheet(null)} /> : null}
      {sheet === 'sessions' ? <SessionSheet onClose={() => setSheet(null)} /> : null}
    </div>
  );
}
