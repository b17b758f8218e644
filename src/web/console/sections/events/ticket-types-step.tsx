// Step 4: ticket types. Each says which zones it opens (a zone covers the zones inside it), how
// many may be issued, and whether a printed QR is accepted or only the guest's rotating one.
// Prices belong to the ticket shop that sells them; Karibu checks tickets in.
import { useEffect, useState } from 'preact/hooks';
import { api, type TicketTypeView } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { confirmThen, Field, Notice, useAction } from '../../ui.tsx';
import { parseCapacity, stepProblem } from './flow-steps.ts';
import { StepNav, type StepProps } from './step-nav.tsx';
import { treeRows } from './zone-tree.ts';
import { NOTE_MAX } from '../tickets/attention-note-editor.tsx';

const TYPE_WORDS = { conflict: 'events.tickets.inUse' } as const;

export function TicketTypesStep({ draft, update, next, back }: StepProps) {
  const event = draft.event!;
  const rows = treeRows(draft.zones);
  const [name, setName] = useState('');
  const [zones, setZones] = useState<string[]>(() => rows.filter((r) => r.depth === 0).slice(0, 1).map((r) => r.zone.code));
  const [quantity, setQuantity] = useState('');
  const [printed, setPrinted] = useState(true);
  const [transferable, setTransferable] = useState(false);
  const [note, setNote] = useState('');
  const { busy, outcome, run, setOutcome } = useAction(TYPE_WORDS);
  const [finishProblem, setFinishProblem] = useState<string | null>(null);
  useEffect(() => setFinishProblem(null), [draft.ticketTypes.length]);
  const setTypes = (ticketTypes: TicketTypeView[]) => update({ ticketTypes });

  const add = (e: Event) => {
    e.preventDefault();
    const capacity = parseCapacity(quantity);
    if (!name.trim()) { setOutcome({ kind: 'error', text: t('events.tickets.nameNeeded') }); return; }
    if (zones.length === 0) { setOutcome({ kind: 'error', text: t('events.tickets.zonesNeeded') }); return; }
    if (capacity === undefined) { setOutcome({ kind: 'error', text: t('events.problem.capacity') }); return; }
    void run(async () => {
      const type = await api.createTicketType(event.id, {
        name: name.trim(), zones, capacity, allowStatic: printed, allowTransfer: transferable, attentionNote: note.trim() || null,
      });
      setTypes([...draft.ticketTypes, type]);
      setName(''); setQuantity(''); setNote('');
      return t('events.tickets.added', { name: type.name });
    });
  };
  const remove = (type: TicketTypeView) => confirmThen(t('events.tickets.removeConfirm', { name: type.name }), () => void run(async () => {
    await api.deleteTicketType(event.id, type.id);
    setTypes(draft.ticketTypes.filter((x) => x.id !== type.id));
    return t('events.tickets.removed', { name: type.name });
  }));
  const toggle = (code: string, on: boolean) => setZones((zs) => (on ? [...zs, code] : zs.filter((z) => z !== code)));
  const finish = (e: Event) => {
    e.preventDefault();
    const problem = stepProblem('tickets', draft);
    if (problem) setFinishProblem(t(problem)); else next();
  };

  return (
    <>
      <p>{t('events.tickets.intro')}</p>
      {draft.ticketTypes.length === 0 ? <p class="empty">{t('events.tickets.none')}</p> : (
        <ul class="plain list" data-testid="ticket-type-list">
          {draft.ticketTypes.map((tt) => (
            <li key={tt.id} class="list__row" data-testid="ticket-type-row">
              <span>
                <strong>{tt.name}</strong>{' '}
                <span class="muted">{tt.zones.map((c) => draft.zones.find((z) => z.code === c)?.name ?? c).join(', ')}
                  {' · '}{tt.capacity === null ? t('events.noLimit') : t('events.tickets.quantityOf', { count: tt.capacity })}
                  {' · '}{t(tt.allowStatic ? 'events.tickets.printedYes' : 'events.tickets.printedNo')}
                  {tt.allowTransfer ? <>{' · '}{t('events.tickets.transferYes')}</> : null}</span>
                {tt.attentionNote ? <span class="muted" dir="auto">{' · '}{t('tickets.note.title')}: {tt.attentionNote}</span> : null}
              </span>
              <button type="button" class="btn btn--small btn--danger" disabled={busy} onClick={() => remove(tt)}
                aria-label={t('events.tickets.removeOf', { name: tt.name })}>{t('events.remove')}</button>
            </li>
          ))}
        </ul>
      )}
      <form class="subform" onSubmit={add} aria-labelledby="type-add-title" noValidate>
        <h3 id="type-add-title">{t('events.tickets.add')}</h3>
        <div class="grid">
          <Field label={t('events.tickets.name')} hint={t('events.tickets.nameHint')}>
            <input name="typeName" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </Field>
          <Field label={t('events.tickets.quantity')} hint={t('events.tickets.quantityHint')}>
            <input name="typeQuantity" inputMode="numeric" pattern="[0-9]*" value={quantity} onInput={(e) => setQuantity((e.target as HTMLInputElement).value)} />
          </Field>
        </div>
        <fieldset class="group">
          <legend>{t('events.tickets.zones')}</legend>
          <p class="field__hint">{t('events.tickets.zonesHint')}</p>
          {rows.map(({ zone, depth }) => (
            <label key={zone.id} class="choice choice--block" style={{ paddingInlineStart: `${depth * 1.5}rem` }}>
              <input type="checkbox" name="typeZone" value={zone.code} checked={zones.includes(zone.code)}
                onChange={(e) => toggle(zone.code, (e.target as HTMLInputElement).checked)} /> {zone.name}
            </label>
          ))}
        </fieldset>
        <label class="choice choice--block">
          <input type="checkbox" name="typePrinted" checked={printed} onChange={(e) => setPrinted((e.target as HTMLInputElement).checked)}
            aria-describedby="printed-hint" /> {t('events.tickets.printed')}
        </label>
        <p class="field__hint" id="printed-hint">{t('events.tickets.printedHint')}</p>
        <label class="choice choice--block">
          <input type="checkbox" name="typeTransfer" checked={transferable} onChange={(e) => setTransferable((e.target as HTMLInputElement).checked)}
            aria-describedby="transfer-hint" /> {t('events.tickets.transfer')}
        </label>
        <p class="field__hint" id="transfer-hint">{t('events.tickets.transferHint')}</p>
        <Field label={t('tickets.note.title')} hint={t('tickets.note.typeHint')}>
          <textarea name="typeNote" rows={2} maxLength={NOTE_MAX} dir="auto" value={note}
            onInput={(e) => setNote((e.target as HTMLTextAreaElement).value.replace(/[\r\n]+/g, ' '))} />
        </Field>
        <button type="submit" class="btn" disabled={busy} data-testid="add-ticket-type">{t('events.tickets.addSubmit')}</button>
      </form>
      <Notice outcome={outcome} />
      <form onSubmit={finish}>
        <Notice outcome={finishProblem ? { kind: 'error', text: finishProblem } : null} />
        <StepNav onBack={back} />
      </form>
    </>
  );
}
