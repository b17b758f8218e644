// Webhooks: add a receiver (its signing secret is shown once), remove it, and read its delivery
// log — every attempt's status — with "send again" for a delivery the receiver missed.
import { useState } from 'preact/hooks';
import { api, type Delivery, type Webhook } from '../console-api.ts';
import { dateTime, t } from '../i18n.ts';
import type { MessageKey } from '../messages/en.ts';
import { confirmThen, Field, Notice, useAction, useLoad } from '../ui.tsx';

const EVENT_TYPES = ['ticket.issued', 'ticket.checked_in', 'ticket.checked_out', 'ticket.cancelled', 'ticket.refunded', 'ticket.transferred'];

export function WebhooksPanel() {
  const hooks = useLoad(() => api.webhooks());
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<string[]>(['*']);
  const [secret, setSecret] = useState<string | null>(null);
  const { busy, outcome, run } = useAction();
  const toggle = (type: string, on: boolean) => {
    const rest = events.filter((e) => e !== type && e !== '*');
    setEvents(type === '*' ? (on ? ['*'] : []) : on ? [...rest, type] : rest);
  };
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const created = await api.createWebhook(url.trim(), events);
      setSecret(created.secret);
      setUrl('');
      hooks.reload();
      return t('hooks.created');
    });
  };
  return (
    <div class="panel">
      <h2>{t('hooks.title')}</h2>
      <form class="card" onSubmit={create}>
        <Field label={t('hooks.url')} hint={t('hooks.urlHint')}>
          <input name="webhookUrl" type="url" required value={url} onInput={(e) => setUrl((e.target as HTMLInputElement).value)} />
        </Field>
        <fieldset class="choices">
          <legend>{t('hooks.events')}</legend>
          {['*', ...EVENT_TYPES].map((type) => (
            <label key={type} class="choice">
              <input type="checkbox" checked={events.includes(type)} onChange={(e) => toggle(type, (e.target as HTMLInputElement).checked)} />
              {' '}{type === '*' ? t('hooks.allEvents') : type}
            </label>
          ))}
        </fieldset>
        <button class="btn btn--primary" type="submit" disabled={busy || events.length === 0}>{t('hooks.create')}</button>
        <Notice outcome={outcome} />
        {secret ? <p class="secret" data-testid="webhook-secret">{t('hooks.secretOnce')} <code>{secret}</code></p> : null}
      </form>
      {hooks.error ? <p class="notice notice--error" role="alert">{hooks.error}</p> : null}
      {hooks.data ? (
        hooks.data.endpoints.length === 0 ? <p class="empty">{t('hooks.none')}</p>
          : <ul class="cards" data-testid="webhooks">{hooks.data.endpoints.map((h) => <HookCard key={h.id} hook={h} onChange={hooks.reload} />)}</ul>
      ) : null}
    </div>
  );
}

function HookCard({ hook, onChange }: { hook: Webhook; onChange: () => void }) {
  const [open, setOpen] = useState(false);
  const { busy, outcome, run } = useAction();
  const remove = () => confirmThen(t('hooks.deleteConfirm', { url: hook.url }), () => void run(async () => {
    await api.deleteWebhook(hook.id);
    onChange();
    return t('hooks.deleted');
  }));
  return (
    <li class="card" data-testid="webhook">
      <h3 class="break">{hook.url} {hook.active ? null : <span class="badge">{t('hooks.paused')}</span>}</h3>
      <p class="muted">{hook.events.map((e) => (e === '*' ? t('hooks.allEvents') : e)).join(', ')}</p>
      <div class="actions">
        <button type="button" class="btn" aria-expanded={open} onClick={() => setOpen(!open)}>{t('hooks.log')}</button>
        <button type="button" class="btn btn--danger" disabled={busy} onClick={remove}>{t('hooks.delete')}</button>
      </div>
      <Notice outcome={outcome} />
      {open ? <DeliveryLog hookId={hook.id} /> : null}
    </li>
  );
}

function DeliveryLog({ hookId }: { hookId: string }) {
  const log = useLoad(() => api.deliveries(hookId), [hookId]);
  if (log.error) return <p class="notice notice--error" role="alert">{log.error}</p>;
  if (!log.data) return <p role="status">{t('common.loading')}</p>;
  if (log.data.deliveries.length === 0) return <p class="empty">{t('hooks.noDeliveries')}</p>;
  return <ul class="plain log" data-testid="deliveries">{log.data.deliveries.map((d) => <DeliveryRow key={d.id} hookId={hookId} delivery={d} onChange={log.reload} />)}</ul>;
}

function DeliveryRow({ hookId, delivery: d, onChange }: { hookId: string; delivery: Delivery; onChange: () => void }) {
  const { busy, outcome, run } = useAction();
  const again = () => void run(async () => { await api.redeliver(hookId, d.id); onChange(); return t('hooks.requeued'); });
  return (
    <li class="log__row" data-testid="delivery" data-status={d.status}>
      <span class={`badge badge--${d.status}`}>{t(`hooks.status.${d.status}` as MessageKey)}</span>{' '}
      <strong>{d.eventType}</strong> · {dateTime(d.createdAt)} ·{' '}
      {t('hooks.attempts', { count: d.attempts })}
      {d.lastStatusCode !== null ? ` · HTTP ${d.lastStatusCode}` : ''}
      {d.lastError ? <span class="muted"> · {d.lastError}</span> : null}
      {d.status === 'pending' ? null : <button type="button" class="btn btn--small" disabled={busy} onClick={again}>{t('hooks.redeliver')}</button>}
      <Notice outcome={outcome} />
    </li>
  );
}
