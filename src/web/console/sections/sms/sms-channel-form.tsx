// Connect a number, or change one: the provider's credentials (write-only: the server never
// returns them, so an empty field keeps what is saved), the events it serves, the reply language
// for tickets without one, and for Africa's Talking the USSD code PIN messages print.
import { useState } from 'preact/hooks';
import { LANGUAGES } from '../../../../core/languages.ts';
import { api, type EventView, type SmsChannel, type SmsChannelCreate, type SmsChannelPatch } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import { Field, Notice, useAction } from '../../ui.tsx';

type Provider = SmsChannelCreate['provider'];
type Language = NonNullable<SmsChannelCreate['language']>;

/** A language's name in itself ("Kiswahili", "አማርኛ"), so an organizer finds their guests' language. */
const nativeName = (code: string): string => new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;

const input = (set: (v: string) => void) => (e: Event) => set((e.target as HTMLInputElement).value);

export function SmsChannelForm({ events, channel, onDone, onCancel }: {
  events: EventView[]; channel?: SmsChannel; onDone: (ch: SmsChannel) => void; onCancel?: () => void;
}) {
  const [provider, setProvider] = useState<Provider>(channel?.provider ?? 'africastalking');
  const [number, setNumber] = useState(channel?.number ?? '');
  const [username, setUsername] = useState(channel?.credentials.username ?? '');
  const [secret, setSecret] = useState('');
  const [accountSid, setAccountSid] = useState(channel?.credentials.accountSid ?? '');
  const [ussdCode, setUssdCode] = useState(channel?.ussdCode ?? '');
  const [eventIds, setEventIds] = useState<string[]>(channel ? channel.events.map((e) => e.eventId) : []);
  const [language, setLanguage] = useState<Language>((channel?.language ?? 'en') as Language);
  const { busy, outcome, run } = useAction();
  const at = provider === 'africastalking';

  const toggle = (id: string, on: boolean) => setEventIds(on ? [...eventIds, id] : eventIds.filter((x) => x !== id));
  const submit = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const creds = at
        ? { username: username.trim() || undefined, apiKey: secret || undefined }
        : { accountSid: accountSid.trim() || undefined, authToken: secret || undefined };
      if (channel) {
        const patch: SmsChannelPatch = {
          number: number.trim(), eventIds, language, ...creds,
          ...(at ? { ussdCode: ussdCode.trim() || null } : {}),
        };
        onDone(await api.updateSmsChannel(channel.id, patch));
        return t('sms.saved');
      }
      const body = { provider, number: number.trim(), eventIds, language, ...creds, ...(at && ussdCode.trim() ? { ussdCode: ussdCode.trim() } : {}) } as SmsChannelCreate;
      const created = await api.createSmsChannel(body);
      setNumber(''); setUsername(''); setSecret(''); setAccountSid(''); setUssdCode(''); setEventIds([]);
      // The new number's card says so, above the addresses it gives.
      onDone(created);
    });
  };

  return (
    <form class="card" onSubmit={submit} data-testid={channel ? 'sms-channel-edit' : 'sms-channel-form'}>
      {channel ? null : (
        <fieldset class="choices">
          <legend>{t('sms.provider')}</legend>
          {(['africastalking', 'twilio'] as const).map((p) => (
            <label key={p} class="choice">
              <input type="radio" name="smsProvider" value={p} checked={provider === p} onChange={() => { setProvider(p); setSecret(''); }} />
              {' '}{t(`sms.provider.${p}`)}
            </label>
          ))}
        </fieldset>
      )}
      <Field label={t('sms.number')} hint={t('sms.numberHint')}>
        <input name="smsNumber" required inputMode="tel" pattern="\+?[0-9]{3,15}" value={number} onInput={input(setNumber)} />
      </Field>
      {at ? (
        <>
          <Field label={t('sms.username')} hint={t('sms.usernameHint')}>
            <input name="smsUsername" required={!channel} autoComplete="off" value={username} onInput={input(setUsername)} />
          </Field>
          <Field label={t('sms.apiKey')} hint={t('sms.secretHint')}>
            <input name="smsApiKey" type="password" required={!channel} autoComplete="new-password" value={secret} onInput={input(setSecret)} />
          </Field>
          <Field label={t('sms.ussdCode')} hint={t('sms.ussdCodeHint')}>
            <input name="smsUssdCode" dir="ltr" pattern="\*[0-9]{2,6}(\*[0-9]{1,8}){0,3}#" value={ussdCode} onInput={input(setUssdCode)} />
          </Field>
        </>
      ) : (
        <>
          <Field label={t('sms.accountSid')}>
            <input name="smsAccountSid" required={!channel} autoComplete="off" pattern="AC[0-9a-fA-F]{32}" value={accountSid} onInput={input(setAccountSid)} />
          </Field>
          <Field label={t('sms.authToken')} hint={t('sms.secretHint')}>
            <input name="smsAuthToken" type="password" required={!channel} autoComplete="new-password" value={secret} onInput={input(setSecret)} />
          </Field>
        </>
      )}
      <fieldset class="choices">
        <legend>{t('sms.events')}</legend>
        {events.map((ev) => (
          <label key={ev.id} class="choice">
            <input type="checkbox" name="smsEvent" value={ev.id} checked={eventIds.includes(ev.id)} onChange={(e) => toggle(ev.id, (e.target as HTMLInputElement).checked)} />
            {' '}{ev.name}
          </label>
        ))}
      </fieldset>
      <Field label={t('sms.language')}>
        <select name="smsLanguage" value={language} onChange={(e) => setLanguage((e.target as HTMLSelectElement).value as Language)}>
          {LANGUAGES.map((code) => <option key={code} value={code} lang={code}>{nativeName(code)}</option>)}
        </select>
      </Field>
      <div class="actions">
        <button class="btn btn--primary" type="submit" disabled={busy || eventIds.length === 0} data-testid="sms-channel-submit">
          {t(channel ? 'sms.save' : 'sms.create')}</button>
        {onCancel ? <button type="button" class="btn" onClick={onCancel}>{t('sms.cancel')}</button> : null}
      </div>
      <Notice outcome={outcome} />
    </form>
  );
}
