// Tickets and scans in words: a ticket's status (and whether its holder is inside), a scan's
// verdict with its reason. Reasons use the catalog's door wordings (reason.*), the same the
// conflicts section shows; an unknown code is shown as is rather than hidden.
import type { TicketListItem, TicketScan } from '../../console-api.ts';
import { t } from '../../i18n.ts';
import type { MessageKey } from '../../messages/en.ts';

export type TicketStatus = TicketListItem['status'];

export const statusText = (status: TicketStatus): string => t(`tickets.status.${status}` as MessageKey);

export function StatusBadge({ status, presence }: { status: TicketStatus; presence?: 'inside' | 'outside' }) {
  return (
    <>
      <span class={`badge badge--${status === 'valid' ? 'valid' : 'bad'}`} data-testid="ticket-status" data-status={status}>{statusText(status)}</span>
      {presence === 'inside' && status === 'valid' ? <>{' '}<span class="badge badge--live">{t('tickets.inside')}</span></> : null}
    </>
  );
}

export function reasonText(code: string): string {
  const key = `reason.${code}` as MessageKey;
  const text = t(key);
  return text === key ? code : text;
}

export const verdictText = (v: TicketScan['verdict']): string => t(`verdict.${v}` as MessageKey);

/** "Admitted — welcome in": what the scan answered, in words. */
export const scanAnswer = (verdict: TicketScan['verdict'], reason: string): string =>
  t('tickets.scan.answer', { verdict: verdictText(verdict), reason: reasonText(reason) });
