// A note for door staff on a ticket type or one ticket ("Speaker — send to the green room"): the
// scanner shows it with the verdict and waits for a tap. Set, change or remove it here; an empty
// box saves as "no note", since a blank note would only be a banner staff must tap for nothing.
import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n.ts';
import { Notice, useAction } from '../../ui.tsx';

export const NOTE_MAX = 200;

export function AttentionNoteEditor({ note, hint, onSave, testId }: {
  note: string | null; hint: string; onSave: (note: string | null) => Promise<unknown>; testId: string;
}) {
  const [text, setText] = useState(note ?? '');
  useEffect(() => setText(note ?? ''), [note]);
  const { busy, outcome, run } = useAction({ validation_failed: 'tickets.note.invalid', unprocessable: 'tickets.note.invalid' });
  const save = (value: string | null) => void run(async () => {
    await onSave(value);
    return t(value === null ? 'tickets.note.cleared' : 'tickets.note.saved');
  });
  const submit = (e: Event) => {
    e.preventDefault();
    const trimmed = text.trim();
    save(trimmed === '' ? null : trimmed);
  };
  const id = `${testId}-input`;
  return (
    <form class="attention-note" onSubmit={submit} data-testid={testId} noValidate>
      <label for={id}><strong>{t('tickets.note.title')}</strong></label>
      <p class="field__hint">{hint}</p>
      {note ? <p class="attention-note__current" dir="auto" data-testid={`${testId}-current`}>{note}</p>
        : <p class="muted" data-testid={`${testId}-current`}>{t('tickets.note.none')}</p>}
      <textarea id={id} name="attentionNote" rows={2} maxLength={NOTE_MAX} dir="auto" value={text}
        onInput={(e) => setText((e.target as HTMLTextAreaElement).value.replace(/[\r\n]+/g, ' '))} />
      <div class="actions">
        <button type="submit" class="btn btn--small" disabled={busy} data-testid={`${testId}-save`}>{t('tickets.note.save')}</button>
        {note ? (
          <button type="button" class="btn btn--small btn--ghost" disabled={busy} data-testid={`${testId}-clear`}
            onClick={() => save(null)}>{t('tickets.note.clear')}</button>
        ) : null}
      </div>
      <Notice outcome={outcome} />
    </form>
  );
}
