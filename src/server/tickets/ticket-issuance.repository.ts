import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

export interface NewTicketRow {
  id: string; tenant_id: string; event_id: string; ticket_type_id: string; serial: number; code: string; pin: string;
  holder_name: string; holder_email: string | null; holder_phone: string | null; order_ref: string | null;
  state: string; token_hash: Uint8Array; kid: number; link_secret: string; language: string | null;
  attention_note?: string | null;
}

/**
 * Reserves `n` consecutive serials; returns the first, or undefined for an unknown event. The row
 * lock taken here serialises concurrent issuers of the same event until their transaction ends.
 */
export async function reserveSerials(trx: Trx, eventId: string, n: number): Promise<number | undefined> {
  const row = await trx.updateTable('events')
    .set({ next_serial: sql`next_serial + ${n}` })
    .where('id', '=', eventId)
    .returning(sql<number>`next_serial - ${n}`.as('first'))
    .executeTakeFirst();
  return row?.first;
}

export async function findCodeAndPinClashes(trx: Trx, eventId: string, codes: string[], pins: string[]) {
  const [c, p] = await Promise.all([
    codes.length ? trx.selectFrom('tickets').select('code').where('event_id', '=', eventId).where('code', 'in', codes).execute() : [],
    pins.length ? trx.selectFrom('tickets').select('pin').where('event_id', '=', eventId).where('pin', 'in', pins).execute() : [],
  ]);
  return { codes: new Set(c.map((r) => r.code)), pins: new Set(p.map((r) => r.pin)) };
}

export async function insertTickets(trx: Trx, rows: NewTicketRow[]): Promise<void> {
  // Chunks keep each statement well under PostgreSQL's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += 1000) {
    await trx.insertInto('tickets').values(rows.slice(i, i + 1000)).execute();
  }
}
