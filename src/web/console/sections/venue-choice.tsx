// Picks a venue or an event for a form. Reads the organizer's lists; where this server has no
// list route yet (an older API), the field takes the id instead, so the console still works.
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../../shared/api-client.ts';
import { api, type EventSummary, type Venue } from '../console-api.ts';
import { t } from '../i18n.ts';
import { errorText, Field } from '../ui.tsx';

type Item = Pick<Venue, 'id' | 'name'>;
interface Loaded { items: Item[] | null; error: string | null }

function useList(load: () => Promise<{ items: Item[] }>): Loaded {
  const [state, setState] = useState<Loaded>({ items: null, error: null });
  useEffect(() => {
    load().then(
      (page) => setState({ items: page.items, error: null }),
      // No list route on this server: fall back to typing the id.
      (err: unknown) => setState({ items: [], error: err instanceof ApiError && err.code === 'route_not_found' ? null : errorText(err) }),
    );
  }, []);
  return state;
}

const eventLabel = (e: EventSummary): Item => ({ id: e.id, name: e.name });

export function VenueChoice(props: { value: string; onChange: (id: string) => void; name?: string }) {
  const list = useList(() => api.venues());
  return <Choice {...props} list={list} label={t('venue.label')} idLabel={t('venue.id')} emptyHint={t('venue.none')} />;
}

export function EventChoice(props: { value: string; onChange: (id: string) => void; name?: string }) {
  const list = useList(async () => ({ items: (await api.events()).items.map(eventLabel) }));
  return <Choice {...props} list={list} label={t('event.label')} idLabel={t('event.id')} emptyHint={t('event.none')} />;
}

function Choice({ value, onChange, name, list, label, idLabel, emptyHint }: {
  value: string; onChange: (id: string) => void; name?: string | undefined; list: Loaded; label: string; idLabel: string; emptyHint: string;
}) {
  useEffect(() => {
    if (!value && list.items?.[0]) onChange(list.items[0].id);
  }, [list.items]);
  if (list.items === null) return <p role="status">{t('common.loading')}</p>;
  if (list.items.length > 0) {
    return (
      <Field label={label}>
        <select name={name} value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
          {list.items.map((item) => <option key={item.id} value={item.id}>{item.name}</option>)}
        </select>
      </Field>
    );
  }
  return (
    <>
      {list.error ? <p class="notice notice--error" role="alert">{list.error}</p> : null}
      <Field label={idLabel} hint={emptyHint}>
        <input name={name} value={value} required autocomplete="off" spellcheck={false}
          onInput={(e) => onChange((e.target as HTMLInputElement).value.trim())} />
      </Field>
    </>
  );
}
