// One connected number: the addresses to paste into the provider's dashboard (each carries the
// channel's secret token, so they are shown only here, to managers), its events with the codes a
// guest adds when one PIN fits several, a test message, changes, disconnecting, and its log.
import { useState } from 'preact/hooks';
import { api, type EventView, type SmsChannel } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { confirmThen, Field, Notice, useAction } from '../../ui.tsx';
import { SmsChannelForm } from './sms-channel-form.tsx';
import { SmsLog } from './sms-log.tsx';

export function SmsChannelCard({ channel: ch, events, justCreated, onChange }: {
  channel: SmsChannel; events: EventView[]; justCreated: boolean; onChange: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [logOpen, setLogOpen] = useState(justCreated);
  const [logTick, setLogTick] = useState(0);
  const removal = useAction();
  const remove = () => confirmThen(t('sms.deleteConfirm', { number: ch.number }), () => void removal.run(async () => {
    await api.deleteSmsChannel(ch.id);
    onChange();
    return t('sms.deleted');
  }));
  const urls: { key: 'sms.url.inbound' | 'sms.url.delivery' | 'sms.url.ussd'; url: string | null; id: string }[] = [
    { key: 'sms.url.inbound', url: ch.inboundSmsUrl, id: 'inbound' },
    { key: 'sms.url.delivery', url: ch.deliveryReportUrl, id: 'delivery' },
    { key: 'sms.url.ussd', url: ch.ussdUrl, id: 'ussd' },
  ];
  return (
    <li class="card" data-testid="sms-channel" data-provider={ch.provider}>
      <h3><bdi>{ch.number}</bdi> · {t(`sms.provider.${ch.provider}`)}</h3>
      {justCreated ? <p class="notice notice--ok" role="status" data-testid="sms-created">{t('sms.created')}</p> : null}
      {ch.ussdCode ? <p data-testid="sms-ussd-code">{t('sms.ussdShown', { code: ch.ussdCode })}</p> : null}
      <ul class="plain">
        {ch.events.map((e) => <li key={e.eventId}>{t('sms.eventCode', { name: e.name, code: e.code })}</li>)}
      </ul>
      {ch.events.length > 1 ? <p class="muted">{t('sms.eventCodeHint', { code: ch.events[0]!.code })}</p> : null}
      <h4>{t('sms.urls')}</h4>
      {urls.filter((u) => u.url).map((u) => <CopyField key={u.id} label={t(u.key)} value={u.url!} testId={`sms-url-${u.id}`} />)}
      <TestMessage channelId={ch.id} onSent={() => { setLogOpen(true); setLogTick((n) => n + 1); }} />
      <div class="actions">
        <button type="button" class="btn" aria-expanded={logOpen} onClick={() => setLogOpen(!logOpen)} data-testid="sms-log-toggle">
          {t(logOpen ? 'sms.logHide' : 'sms.log')}</button>
        <button type="button" class="btn" aria-expanded={editing} onClick={() => setEditing(!editing)}>{t('sms.edit')}</button>
        <button type="button" class="btn btn--danger" disabled={removal.busy} onClick={remove}>{t('sms.delete')}</button>
      </div>
      <Notice outcome={removal.outcome} />
      {editing ? <SmsChannelForm events={events} channel={ch} onDone={() => { setEditing(false); onChange(); }} onCancel={() => setEditing(false)} /> : null}
      {logOpen ? <SmsLog key={logTick} channelId={ch.id} /> : null}
    </li>
  );
}

function CopyField({ label, value, testId }: { label: string; value: string; testId: string }) {
  const [copied, setCopied] = useState(false);
  const copy = (field: HTMLInputElement | null) => {
    // The clipboard API needs a secure context; selecting the text still lets a person copy it.
    field?.select();
    void navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false));
  };
  let ref: HTMLInputElement | null = null;
  return (
    <Field label={label}>
      <span class="copy-field">
        <input readOnly dir="ltr" value={value} data-testid={testId} ref={(el) => { ref = el; }} onFocus={(e) => (e.target as HTMLInputElement).select()} />
        <button type="button" class="btn btn--small" onClick={() => copy(ref)}>{t('sms.copy')}</button>
        {copied ? <span role="status" class="muted">{t('sms.copied')}</span> : null}
      </span>
    </Field>
  );
}

function TestMessage({ channelId, onSent }: { channelId: string; onSent: () => void }) {
  const [to, setTo] = useState('');
  const { busy, outcome, run } = useAction();
  const send = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      await api.sendSmsTest(channelId, to.trim());
      onSent();
      return t('sms.testQueued');
    });
  };
  return (
    <form class="inline-form" onSubmit={send} data-testid="sms-test-form">
      <h4>{t('sms.test')}</h4>
      <Field label={t('sms.testTo')}>
        <input name="smsTestTo" type="tel" dir="ltr" required minLength={3} maxLength={32} value={to}
          onInput={(e) => setTo((e.target as HTMLInputElement).value)} />
      </Field>
      <button class="btn" type="submit" disabled={busy}>{t('sms.testSend')}</button>
      <Notice outcome={outcome} />
    </form>
  );
}
