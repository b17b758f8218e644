// API keys: create (the key is shown this once: the server keeps only a hash), list, revoke.
import { useState } from 'preact/hooks';
import { api, type ApiKey } from '../console-api.ts';
import { dateTime, t } from '../i18n.ts';
import { confirmThen, Field, Notice, useAction, useLoad } from '../ui.tsx';

export function ApiKeysPanel() {
  const keys = useLoad(() => api.apiKeys());
  const [name, setName] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const { busy, outcome, run } = useAction();
  const create = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const created = await api.createApiKey(name.trim());
      setShown(created.key);
      setName('');
      keys.reload();
      return t('keys.created', { name: created.name });
    });
  };
  return (
    <div class="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">{t('keys.title')}</h2>
      <form class="card" onSubmit={create}>
        <Field label={t('keys.name')} hint={t('keys.nameHint')}>
          <input name="keyName" required maxLength={100} value={name} onInput={(e) => setName((e.target as HTMLInputElement).value)} />
        </Field>
        <button class="btn btn--primary" type="submit" disabled={busy}>{t('keys.create')}</button>
        <Notice outcome={outcome} />
        {shown ? <p class="secret" data-testid="api-key">{t('keys.once')} <code>{shown}</code></p> : null}
      </form>
      {keys.error ? <p class="notice notice--error" role="alert">{keys.error}</p> : null}
      {keys.data ? (
        keys.data.apiKeys.length === 0 ? <p class="empty">{t('keys.none')}</p>
          : <ul class="cards" data-testid="api-keys">{keys.data.apiKeys.map((k) => <KeyCard key={k.id} apiKey={k} onChange={keys.reload} />)}</ul>
      ) : null}
    </div>
  );
}

function KeyCard({ apiKey: k, onChange }: { apiKey: ApiKey; onChange: () => void }) {
  const { busy, outcome, run } = useAction();
  const revoke = () => confirmThen(t('keys.revokeConfirm', { name: k.name }), () => void run(async () => {
    await api.revokeApiKey(k.id);
    onChange();
    return t('keys.revoked', { name: k.name });
  }));
  return (
    <li class="card" data-testid="api-key-row">
      <h3>{k.name} {k.revokedAt ? <span class="badge badge--bad">{t('keys.revokedBadge')}</span> : null}</h3>
      <dl class="facts">
        <dt>{t('keys.prefix')}</dt><dd><code>{k.prefix}…</code></dd>
        <dt>{t('keys.createdAt')}</dt><dd>{dateTime(k.createdAt)}</dd>
        <dt>{t('keys.lastUsed')}</dt><dd>{k.lastUsedAt ? dateTime(k.lastUsedAt) : t('keys.neverUsed')}</dd>
      </dl>
      {k.revokedAt ? null : <button type="button" class="btn btn--danger" disabled={busy} onClick={revoke}>{t('keys.revoke')}</button>}
      <Notice outcome={outcome} />
    </li>
  );
}
