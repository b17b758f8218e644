// Photo check (decision 0010): on a ticket whose type has it, the holder adds a photo for door staff
// to compare with their face — taken with the front camera or picked from the phone — and may
// delete it again at any time. Consent is an explicit tick, never implied by choosing a file.
import { useState } from 'preact/hooks';
import type { AttendeeTicket } from './attendee-api.ts';
import { deletePhoto, savePhoto } from './attendee-api.ts';
import { t } from './i18n.ts';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; text: string };
const MAX_SIDE = 1280;

/**
 * The picked image scaled down on the phone first: a camera photo is often over the server's
 * 5 MB limit and a slow link should not carry 12 megapixels to be shrunk to 320 px anyway.
 */
async function shrink(file: File): Promise<string> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  return canvas.toDataURL('image/jpeg', 0.88);
}

export function TicketPhoto({ secret, ticket, onChanged }: { secret: string; ticket: AttendeeTicket['ticket']; onChanged: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [consent, setConsent] = useState(false);
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  if (!ticket.photoCheck || ticket.status !== 'valid') return null;

  const upload = async (e: Event) => {
    e.preventDefault();
    if (!file || !consent) return;
    setStatus({ kind: 'busy' });
    const dataUrl = await shrink(file).catch(() => null);
    if (!dataUrl) { setStatus({ kind: 'error', text: t('photo.error.bad') }); return; }
    const result = await savePhoto(secret, dataUrl);
    if (!result.ok) {
      setStatus({ kind: 'error', text: t(result.code === 'unprocessable' ? 'photo.error.bad' : result.code === 'network' ? 'actions.error.network' : 'error.generic') });
      return;
    }
    setFile(null);
    setConsent(false);
    setStatus({ kind: 'done', text: t('photo.saved') });
    onChanged();
  };
  const remove = async () => {
    setStatus({ kind: 'busy' });
    const result = await deletePhoto(secret);
    if (!result.ok) { setStatus({ kind: 'error', text: t(result.code === 'network' ? 'actions.error.network' : 'error.generic') }); return; }
    setStatus({ kind: 'done', text: t('photo.deleted') });
    onChanged();
  };

  return (
    <section class="notes ticket-photo" aria-labelledby="photo-title" data-testid="ticket-photo">
      <h2 id="photo-title" class="actions-title">{t('photo.title')}</h2>
      <p>{t('photo.intro')}</p>
      <p data-testid="photo-state">{ticket.hasPhoto ? t('photo.onFile') : t('photo.missing')}</p>
      <form class="form" onSubmit={(e) => void upload(e)}>
        <label>{ticket.hasPhoto ? t('photo.replace') : t('photo.choose')}
          <input name="photo" type="file" accept="image/*" capture="user"
            onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
        </label>
        <label class="checkbox">
          <input name="consent" type="checkbox" checked={consent} onChange={(e) => setConsent((e.target as HTMLInputElement).checked)} />
          {t('photo.consent')}
        </label>
        <div class="actions">
          <button type="submit" class="btn" disabled={!file || !consent || status.kind === 'busy'} data-testid="photo-upload">{t('photo.upload')}</button>
          {ticket.hasPhoto && (
            <button type="button" class="btn secondary" disabled={status.kind === 'busy'} onClick={() => void remove()} data-testid="photo-delete">{t('photo.delete')}</button>
          )}
        </div>
      </form>
      {status.kind === 'done' && <p class="success" role="status">{status.text}</p>}
      {status.kind === 'error' && <p class="form-error" role="alert">{status.text}</p>}
    </section>
  );
}
