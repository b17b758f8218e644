// The venue's gates: where door phones stand, each leading into one zone. A scan at a gate asks
// "may this ticket enter this zone?", so every gate names the zone behind it.
import { useState } from 'preact/hooks';
import { api, type Gate, type VenueRecord, type Zone } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { confirmThen, Field, Notice, useAction } from '../../ui.tsx';
import { treeRows, zonePath } from './zone-tree.ts';

const GATE_WORDS = { conflict: 'events.gates.inUse' } as const;

export function GatesEditor({ venue, zones, gates, onChange }: {
  venue: VenueRecord; zones: Zone[]; gates: Gate[]; onChange: (gates: Gate[]) => void;
}) {
  const [name, setName] = useState('');
  const [zoneId, setZoneId] = useState('');
  const { busy, outcome, run, setOutcome } = useAction(GATE_WORDS);
  const rows = treeRows(zones);
  const chosen = zones.some((z) => z.id === zoneId) ? zoneId : rows[0]?.zone.id ?? '';

  const add = (e: Event) => {
    e.preventDefault();
    if (!name.trim()) { setOutcome({ kind: 'error', text: t('events.gates.nameNeeded') }); return; }
    if (!chosen) { setOutcome({ kind: 'error', text: t('events.problem.zones') }); return; }
    void run(async () => {
      const gate = await api.createGate(venue.id, { name: name.trim(), zoneId: chosen });
      onChange([...gates, gate]);
      setName('');
      return t('events.gates.added', { name: gate.name });
    });
  };
  const remove = (gate: Gate) => confirmThen(t('events.gates.removeConfirm', { name: gate.name }), () => void run(async () => {
    await api.deleteGate(venue.id, gate.id);
    onChange(gates.filter((g) => g.id !== gate.id));
    return t('events.gates.removed', { name: gate.name });
  }));

  return (
    <section aria-labelledby="gates-title" class="editor" data-testid="gate-editor">
      <h3 id="gates-title">{t('events.gates.title')}</h3>
      <p class="muted">{t('events.gates.intro')}</p>
      {gates.length === 0 ? <p class="empty">{t('events.gates.none')}</p> : (
        <ul class="plain list" data-testid="gate-list">
          {gates.map((g) => (
            <li key={g.id} class="list__row" data-testid="gate-row">
              <span><strong>{g.name}</strong> <span class="muted">→ {zonePath(zones, g.zoneId) || g.zone}</span></span>
              <button type="button" class="btn btn--small btn--danger" disabled={busy} onClick={() => remove(g)}
                aria-label={t('events.gates.removeOf', { name: g.name })}>{t('events.remove')}</button>
            </li>
          ))}
        </ul>
      )}
      <form class="subform" onSubmit={add} aria-labelledby="gate-add-title" noValidate>
        <h4 id="gate-add-title">{t('events.gates.add')}</h4>
        <div class="grid">
          <Field label={t('events.gates.name')} hint={t('events.gates.nameHint')}>
            <input name="gateName" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </Field>
          <Field label={t('events.gates.zone')}>
            <select name="gateZone" value={chosen} disabled={rows.length === 0} onChange={(e) => setZoneId((e.target as HTMLSelectElement).value)}>
              {rows.map(({ zone }) => <option key={zone.id} value={zone.id}>{zonePath(zones, zone.id)}</option>)}
            </select>
          </Field>
        </div>
        <button type="submit" class="btn" disabled={busy || rows.length === 0} data-testid="add-gate">{t('events.gates.addSubmit')}</button>
      </form>
      <Notice outcome={outcome} />
    </section>
  );
}
