// The venue's zones as a tree: add a zone at the top or inside another, rename, remove. A grant
// of a zone covers every zone inside it, so the tree is what ticket types and gates are built on.
// Every change goes to the venue's zone routes at once; the list shown is what the server holds.
import { useRef, useState } from 'preact/hooks';
import { api, type VenueRecord, type Zone } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { confirmThen, Field, Notice, useAction } from '../../ui.tsx';
import { treeRows, withDescendants, zoneCodeFrom, zonePath } from './zone-tree.ts';

const ZONE_WORDS = { conflict: 'events.zones.inUse', already_exists: 'events.zones.taken' } as const;

export function ZoneTreeEditor({ venue, zones, gateZoneIds, onChange }: {
  venue: VenueRecord; zones: Zone[]; gateZoneIds: ReadonlySet<string>; onChange: (zones: Zone[]) => void;
}) {
  const [name, setName] = useState('');
  const [parentId, setParentId] = useState('');
  const [capacity, setCapacity] = useState('');
  const nameInput = useRef<HTMLInputElement>(null);
  const { busy, outcome, run, setOutcome } = useAction(ZONE_WORDS);

  const add = (e: Event) => {
    e.preventDefault();
    const clean = name.trim();
    if (!clean) { setOutcome({ kind: 'error', text: t('events.zones.nameNeeded') }); nameInput.current?.focus(); return; }
    // Empty: no limit of its own (the event's capacity still holds).
    const holds = capacity.trim() === '' ? null : Number(capacity);
    if (holds !== null && (!Number.isInteger(holds) || holds < 0)) { setOutcome({ kind: 'error', text: t('events.zones.capacityBad') }); return; }
    void run(async () => {
      const zone = await api.createZone(venue.id, {
        name: clean, code: zoneCodeFrom(clean, zones.map((z) => z.code)), parentId: parentId || null, ...(holds !== null ? { capacity: holds } : {}),
      });
      onChange([...zones, zone]);
      setName('');
      setCapacity('');
      nameInput.current?.focus();
      return t('events.zones.added', { name: zone.name });
    });
  };
  const addInside = (zone: Zone) => { setParentId(zone.id); nameInput.current?.focus(); };
  const rename = (zone: Zone, next: string) => run(async () => {
    const saved = await api.updateZone(venue.id, zone.id, { name: next });
    onChange(zones.map((z) => (z.id === zone.id ? saved : z)));
    return t('events.zones.renamed', { name: saved.name });
  });
  const remove = (zone: Zone) => {
    // The server refuses a zone in use too; saying so first spares a round trip and a vague answer.
    if (withDescendants(zones, zone.id).length > 1 || gateZoneIds.has(zone.id)) {
      setOutcome({ kind: 'error', text: t('events.zones.inUse') });
      return;
    }
    confirmThen(t('events.zones.removeConfirm', { name: zone.name }), () => void run(async () => {
      await api.deleteZone(venue.id, zone.id);
      onChange(zones.filter((z) => z.id !== zone.id));
      if (parentId === zone.id) setParentId('');
      return t('events.zones.removed', { name: zone.name });
    }));
  };

  const rows = treeRows(zones);
  return (
    <section aria-labelledby="zones-title" class="editor" data-testid="zone-editor">
      <h3 id="zones-title">{t('events.zones.title')}</h3>
      <p class="muted">{t('events.zones.intro')}</p>
      {rows.length === 0 ? <p class="empty">{t('events.zones.none')}</p> : (
        <ul class="tree" data-testid="zone-tree">
          {rows.map(({ zone, depth }) => (
            <ZoneRow key={zone.id} zone={zone} depth={depth} busy={busy} onAddInside={addInside} onRename={rename} onRemove={remove} />
          ))}
        </ul>
      )}
      <form class="subform" onSubmit={add} aria-labelledby="zone-add-title" noValidate>
        <h4 id="zone-add-title">{t('events.zones.add')}</h4>
        <div class="grid">
          <Field label={t('events.zones.name')} hint={t('events.zones.nameHint')}>
            <input ref={nameInput} name="zoneName" maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </Field>
          <Field label={t('events.zones.inside')}>
            <select name="zoneParent" value={parentId} onChange={(e) => setParentId((e.target as HTMLSelectElement).value)}>
              <option value="">{t('events.zones.topLevel')}</option>
              {rows.map(({ zone }) => <option key={zone.id} value={zone.id}>{zonePath(zones, zone.id)}</option>)}
            </select>
          </Field>
          <Field label={t('events.zones.capacity')} hint={t('events.zones.capacityHint')}>
            <input name="zoneCapacity" type="number" inputMode="numeric" min={0} step={1} value={capacity}
              onInput={(e) => setCapacity((e.target as HTMLInputElement).value)} />
          </Field>
        </div>
        <button type="submit" class="btn" disabled={busy} data-testid="add-zone">{t('events.zones.addSubmit')}</button>
      </form>
      <Notice outcome={outcome} />
    </section>
  );
}

function ZoneRow({ zone, depth, busy, onAddInside, onRename, onRemove }: {
  zone: Zone; depth: number; busy: boolean;
  onAddInside: (z: Zone) => void; onRename: (z: Zone, name: string) => Promise<boolean>; onRemove: (z: Zone) => void;
}) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(zone.name);
  const save = async (e: Event) => {
    e.preventDefault();
    if (!name.trim() || name.trim() === zone.name) { setEditing(false); return; }
    if (await onRename(zone, name.trim())) setEditing(false);
  };
  return (
    <li class="tree__row" style={{ paddingInlineStart: `${depth * 1.5}rem` }} data-testid="zone-row" data-zone-code={zone.code}>
      {editing ? (
        <form class="inline-edit" onSubmit={(e) => void save(e)}>
          <label class="inline">
            <span class="visually-hidden">{t('events.zones.newName', { name: zone.name })}</span>
            <input name="zoneRename" value={name} maxLength={100} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" class="btn btn--small" disabled={busy}>{t('events.save')}</button>
          <button type="button" class="btn btn--small" onClick={() => { setName(zone.name); setEditing(false); }}>{t('events.cancel')}</button>
        </form>
      ) : (
        <>
          <span class="tree__name">{depth > 0 ? <span aria-hidden="true">└ </span> : null}{zone.name}</span>
          <span class="muted tree__code"> {zone.code}</span>
          {zone.capacity !== null ? <span class="muted" data-testid="zone-capacity"> · {t('events.zones.holds', { count: zone.capacity })}</span> : null}
          <span class="tree__actions">
            <button type="button" class="btn btn--small" onClick={() => onAddInside(zone)}
              aria-label={t('events.zones.addInsideOf', { name: zone.name })}>{t('events.zones.addInside')}</button>
            <button type="button" class="btn btn--small" onClick={() => setEditing(true)}
              aria-label={t('events.zones.renameOf', { name: zone.name })}>{t('events.zones.rename')}</button>
            <button type="button" class="btn btn--small btn--danger" disabled={busy} onClick={() => onRemove(zone)}
              aria-label={t('events.zones.removeOf', { name: zone.name })}>{t('events.remove')}</button>
          </span>
        </>
      )}
    </li>
  );
}
