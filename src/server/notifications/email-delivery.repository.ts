import type { Trx } from '../db/database.ts';

export interface NewEmailDelivery {
  id: string; tenant_id: string; event_id: string; ticket_id: string; recipient: string;
  status: 'sent' | 'failed'; message_id: string | null; error: string | null; locale: string;
  kind?: 'ticket' | 'transfer_notice';
}

export async function insertEmailDelivery(trx: Trx, row: NewEmailDelivery): Promise<void> {
  await trx.insertInto('email_deliveries').values(row).execute();
}

/** A ticket's delivery attempts, newest first (optionally only if the ticket is in `eventId`). */
export async function listEmailDeliveries(trx: Trx, ticketId: string, eventId?: string) {
  let query = trx.selectFrom('email_deliveries')
    .select(['id', 'recipient', 'kind', 'status', 'message_id', 'error', 'locale', 'attempted_at'])
    .where('ticket_id', '=', ticketId);
  if (eventId) query = query.where('event_id', '=', eventId);
  return query.orderBy('attempted_at', 'desc').execute();
}
