// The full-screen verdict: colour, a large icon AND a word (never colour alone), the guest's name,
// ticket type and the reason in plain words. It clears itself — a door must not need a tap per
// guest — after a short time for green, a longer one for red (staff need to read why). A verdict
// with a note for staff ("Speaker — green room") is the exception: it stays, and new scans wait,
// until staff tap the note, so a wheelchair user is never sent to the stairs by a missed banner.
import { useEffect } from 'preact/hooks';
import type { MessageKey } from '../messages/en.ts';
import { t } from '../i18n.ts';
import { doorTime } from './door-time.ts';
import { awaitsAttention, dismissVerdict, verdict, type VerdictView } from '../state.ts';
import { IconCheck, IconCross, IconExit, IconOffline, IconUndo } from './icons.tsx';

const SHOW_MS = { admitted: 1800, exited: 1800, refused: 4500 } as const;
// Comparing a face with a photo takes longer than reading a colour: photo-check verdicts stay up longer.
const PHOTO_SHOW_MS = 5000;

/** Photo check: the holder's photo, large, or a clear placeholder — never an empty box staff might read as "fine". */
function HolderPhoto({ photo }: { photo: NonNullable<VerdictView['photo']> }) {
  if (photo.state === 'shown' && photo.url) {
    return <img class="verdict__photo" src={photo.url} alt={t('photo.alt')} data-testid="verdict-photo" />;
  }
  const text = photo.state === 'loading' ? t('photo.loading') : photo.state === 'sealed' ? t('photo.sealed')
    : photo.state === 'failed' ? t('photo.failed') : t('photo.none');
  return <div class={`verdict__photo verdict__photo--empty verdict__photo--${photo.state}`} data-testid="verdict-no-photo">{text}</div>;
}


export function VerdictOverlay() {
  const v = verdict.value;
  useEffect(() => {
    if (!v || awaitsAttention(v)) return;
    const timer = setTimeout(() => { if (verdict.value?.scanId === v.scanId) dismissVerdict(); }, v.photo ? Math.max(PHOTO_SHOW_MS, SHOW_MS[v.verdict]) : SHOW_MS[v.verdict]);
    return () => clearTimeout(timer);
  }, [v?.scanId]);
  if (!v) return null;

  // A repeat of this phone's own answer (camera double-read) must never look like a fresh
  // admission: its own colour and icon, and a title that says when this phone let the guest in.
  const repeat = v.reason === 'duplicate_scan' && v.verdict !== 'refused';
  const Icon = repeat ? IconUndo : v.verdict === 'admitted' ? IconCheck : v.verdict === 'exited' ? IconExit : IconCross;
  const title = repeat
    ? t(v.verdict === 'exited' ? 'verdict.repeatOut' : 'verdict.repeatIn', { time: doorTime(v.previous?.at ?? v.shownAt, { seconds: true, timeZone: v.timeZone }) })
    : t(`verdict.${v.verdict}` as MessageKey);
  const held = awaitsAttention(v);
  const details = [v.typeName, v.serial !== undefined ? t('verdict.ticket', { serial: String(v.serial) }) : null].filter(Boolean);
  return (
    <div
      key={v.scanId}
      class={`verdict verdict--${repeat ? 'repeat' : v.verdict}`}
      data-testid="verdict"
      data-verdict={v.verdict}
      data-reason={v.reason}
      role="alert"
      aria-live="assertive"
      onClick={held ? undefined : dismissVerdict}
    >
      <div class="verdict__icon"><Icon size={112} /></div>
      <h1 class={repeat ? 'verdict__title verdict__title--repeat' : 'verdict__title'}>{title}</h1>
      {v.photo ? (
        <div class="verdict__person">
          <HolderPhoto photo={v.photo} />
          {v.holderName ? <p class="verdict__name" dir="auto">{v.holderName}</p> : null}
        </div>
      ) : v.holderName ? <p class="verdict__name" dir="auto">{v.holderName}</p> : null}
      {details.length ? <p class="verdict__details">{details.join(' · ')}</p> : null}
      <p class="verdict__reason">{t(`reason.${v.reason}` as MessageKey)}</p>
      {v.previous && !repeat ? (
        <p class="verdict__previous">
          {v.previous.gateName
            ? t('verdict.previous', { time: doorTime(v.previous.at, { timeZone: v.timeZone }), gate: v.previous.gateName })
            : t('verdict.previousNoGate', { time: doorTime(v.previous.at, { timeZone: v.timeZone }) })}
        </p>
      ) : null}
      {v.offline ? <p class="verdict__offline"><IconOffline size={20} /> {t('verdict.offline')}</p> : null}
      {held ? (
        <button type="button" class="attention" data-testid="attention-note" onClick={dismissVerdict}>
          <span class="attention__title">{t('attention.title')}</span>
          <span class="attention__text" dir="auto">{v.attentionNote ?? t('attention.sealed')}</span>
          <span class="attention__done">{t('attention.done')}</span>
        </button>
      ) : <p class="verdict__dismiss">{t('verdict.dismiss')}</p>}
    </div>
  );
}
