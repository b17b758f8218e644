// A number's messages, newest first: what came in (and what it came to), what went out and how
// far it got (queued → sent → delivered, or failed with the provider's words), 50 at a time.
import { useState } from 'preact/hooks';
import { REASON_CODES } from '../../../../core/reasons.ts';
import { api, type SmsMessage } from '../../console-api.ts';
import { dateTime, t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';
import { useLoad } from '../../ui.tsx';

const REASONS: ReadonlySet<string> = new Set(REASON_CODES);
const OUTCOMES: ReadonlySet<string> = new Set([
  'unknown', 'ambiguous', 'no_gate', 'help', 'unreadable', 'not_a_phone', 'rate_limited', 'locked_out', 'no_tickets', 'tickets_sent',
]);

/** An inbound message's outcome in words: a door reason, an SMS outcome, or the code as is. */
function outcomeWords(code: string): string {
  if (REASONS.has(code)) return t(`reason.${code}` as MessageKey);
  if (OUTCOMES.has(code)) return t(`sms.outcome.${code}` as MessageKey);
  return code;
}

export function SmsLog({ channelId }: { channelId: string }) {
  const first = useLoad(() => api.smsMessages(channelId), [channelId]);
  const [older, setOlder] = useState<SmsMessage[]>([]);
  const [more, setMore] = useState(true);
  if (first.error) return <p class="notice notice--error" role="alert">{first.error}</p>;
  if (!first.data) return <p role="status">{t('common.loading')}</p>;
  const messages = [...first.data.messages, ...older];
  if (messages.length === 0) return <p class="empty" data-testid="sms-log-empty">{t('sms.noMessages')}</p>;
  const loadOlder = async () => {
    const page = await api.smsMessages(channelId, messages.at(-1)!.createdAt);
    setOlder([...older, ...page.messages]);
    setMore(page.messages.length === 50);
  };
  return (
    <>
      <ul class="plain log" data-testid="sms-log">
        {messages.map((m) => <MessageRow key={m.id} m={m} />)}
      </ul>
      {more && messages.length >= 50 ? <button type="button" class="btn btn--small" onClick={() => void loadOlder()}>{t('sms.older')}</button> : null}
    </>
  );
}

function MessageRow({ m }: { m: SmsMessage }) {
  return (
    <li class="log__row" data-testid="sms-message" data-direction={m.direction} data-status={m.status} data-kind={m.kind}>
      <span class={`badge badge--${m.status}`}>{t(`sms.status.${m.status}` as MessageKey)}</span>{' '}
      <strong>{t(`sms.kind.${m.kind}` as MessageKey)}</strong> · {t(m.direction === 'in' ? 'sms.direction.in' : 'sms.direction.out', { phone: m.phone })}
      {' · '}{dateTime(m.createdAt)}
      {m.direction === 'out' ? <> · {t('sms.attempts', { count: m.attempts })}</> : null}
      <p class="log__body"><bdi>{m.body}</bdi></p>
      {m.outcome ? <p class="muted" data-testid="sms-outcome">{t('sms.outcome', { outcome: outcomeWords(m.outcome) })}</p> : null}
      {m.lastError ? <p class="muted">{m.lastError}</p> : null}
    </li>
  );
}
