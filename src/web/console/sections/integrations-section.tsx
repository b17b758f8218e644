// Integrations: API keys (the key is shown once, at creation) and webhooks with their delivery
// log. Each part appears only for the roles the server lets manage it.
import { t } from '../i18n.ts';
import { can, session } from '../session.ts';
import { SectionHeader } from '../ui.tsx';
import { ApiKeysPanel } from './api-keys-panel.tsx';
import { WebhooksPanel } from './webhooks-panel.tsx';

export default function IntegrationsSection() {
  return (
    <section class="section">
      <SectionHeader title={t('integrations.title')} intro={t('integrations.intro')} />
      {can(session.value, 'apiKeys') ? <ApiKeysPanel /> : null}
      {can(session.value, 'webhooks') ? <WebhooksPanel /> : null}
    </section>
  );
}
