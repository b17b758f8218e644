// SMS & USSD: the organizer's numbers (Africa's Talking or Twilio) — connect one, paste its
// addresses into the provider's dashboard, send a test, read its log — for guests who check in
// from a feature phone. Each event's own SMS settings are on that event's "SMS check-in" page.
import { useState } from 'preact/hooks';
import { api, type EventView, type SmsChannel } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { SectionHeader, useLoad } from '../../ui.tsx';
import { SmsChannelCard } from './sms-channel-card.tsx';
import { SmsChannelForm } from './sms-channel-form.tsx';

export default function SmsSection() {
  const loaded = useLoad(async () => {
    const [channels, events] = await Promise.all([api.smsChannels(), api.allEvents()]);
    return { channels: channels.channels, events };
  });
  const [fresh, setFresh] = useState<string | null>(null);
  const created = (ch: SmsChannel) => { setFresh(ch.id); loaded.reload(); };
  return (
    <section class="section" data-testid="sms-section">
      <SectionHeader title={t('sms.title')} intro={t('sms.intro')} />
      {loaded.error ? <p class="notice notice--error" role="alert">{loaded.error}</p> : null}
      {!loaded.data ? (loaded.error ? null : <p role="status">{t('common.loading')}</p>) : (
        <>
          {loaded.data.channels.length === 0 ? <p class="empty">{t('sms.none')}</p> : (
            <ul class="cards" data-testid="sms-channels">
              {loaded.data.channels.map((ch) => (
                <SmsChannelCard key={ch.id} channel={ch} events={loaded.data!.events} justCreated={fresh === ch.id} onChange={loaded.reload} />
              ))}
            </ul>
          )}
          <div class="panel">
            <h2>{t('sms.add')}</h2>
            {loaded.data.events.length === 0 ? <p class="empty">{t('sms.noEvents')}</p>
              : <SmsChannelForm events={loaded.data.events} onDone={created} />}
          </div>
        </>
      )}
    </section>
  );
}
