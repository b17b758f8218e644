// Photo check on the organizer's ticket page: the holder's photo as door staff will see it, and a
// way to replace it (the holder sent a better one by email, with their consent) or remove it.
import { useEffect, useState } from 'preact/hooks';
import { api, type TicketView } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { Notice, useAction } from '../../ui.tsx';

function readAsDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

export function TicketPhotoPanel({ eventId, ticket, onChanged }: { eventId: string; ticket: TicketView; onChanged: () => void }) {
  const [url, setUrl] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [consent, setConsent] = useState(false);
  const { busy, outcome, run } = useAction({ unprocessable: 'tickets.photo.invalid', forbidden: 'tickets.photo.notPhotoCheck' });
  useEffect(() => {
    if (!ticket.hasPhoto) { setUrl(null); return; }
    let live = true;
    let made: string | null = null;
    api.ticketPhoto(eventId, ticket.id).then((blob) => { if (live) { made = URL.createObjectURL(blob); setUrl(made); } }, () => setUrl(null));
    // The face is not kept in memory after the page goes.
    return () => { live = false; if (made) URL.revokeObjectURL(made); };
  }, [eventId, ticket.id, ticket.hasPhoto, ticket.serial]);
  if (!ticket.photoCheck) return null;

  const save = (e: Event) => {
    e.preventDefault();
    if (!file || !consent) return;
    void run(async () => {
      await api.setTicketPhoto(eventId, ticket.id, await readAsDataUrl(file));
      setFile(null);
      setConsent(false);
      onChanged();
      return t('tickets.photo.saved');
    });
  };
  const remove = () => void run(async () => {
    await api.deleteTicketPhoto(eventId, ticket.id);
    onChanged();
    return t('tickets.photo.removed');
  });

  return (
    <form class="card ticket-photo" onSubmit={save} data-testid="ticket-photo" noValidate>
      <h2>{t('tickets.photo.title')}</h2>
      <p class="field__hint">{t('tickets.photo.hint')}</p>
      {url ? <img class="ticket-photo__img" src={url} alt={t('tickets.photo.alt', { name: ticket.holder.name })} width={160} data-testid="ticket-photo-img" />
        : <p class="muted" data-testid="ticket-photo-none">{t('tickets.photo.none')}</p>}
      <label>{t(ticket.hasPhoto ? 'tickets.photo.replace' : 'tickets.photo.add')}
        <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
      </label>
      <label class="check">
        <input type="checkbox" name="consent" checked={consent} onChange={(e) => setConsent((e.target as HTMLInputElement).checked)} />
        {t('tickets.photo.consent')}
      </label>
      <div class="actions">
        <button type="submit" class="btn btn--small" disabled={busy || !file || !consent} data-testid="ticket-photo-save">{t('tickets.photo.save')}</button>
        {ticket.hasPhoto ? (
          <button type="button" class="btn btn--small btn--ghost" disabled={busy} onClick={remove} data-testid="ticket-photo-remove">{t('tickets.photo.remove')}</button>
        ) : null}
      </div>
      <Notice outcome={outcome} />
    </form>
  );
}
