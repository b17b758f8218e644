import type { ExpressionBuilder } from 'kysely';
import type { Trx } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/** SQL of ticket types (ticket-types.service.ts), in the caller's tenant transaction. */

export interface TicketTypeRow {
  id: string;
  event_id: string;
  type_no: number;
  name: string;
  zone_codes: string[];
  valid_from: Date | null;
  valid_until: Date | null;
  allow_static: boolean;
  allow_transfer: boolean;
  capacity: number | null;
  attention_note: string | null;
  photo_check: boolean;
  tickets_issued: number;
}

const validTickets = (eb: ExpressionBuilder<DB, 'ticket_types'>) => eb.selectFrom('tickets')
  .select((e) => e.fn.countAll<number>().as('n'))
  .whereRef('tickets.event_id', '=', 'ticket_types.event_id').whereRef('tickets.ticket_type_id', '=', 'ticket_types.id')
  .where('tickets.status', '=', 'valid');

const COLUMNS = ['ticket_types.id', 'ticket_types.event_id', 'ticket_types.type_no', 'ticket_types.name', 'ticket_types.zone_codes',
  'ticket_types.valid_from', 'ticket_types.valid_until', 'ticket_types.allow_static', 'ticket_types.allow_transfer', 'ticket_types.capacity', 'ticket_types.attention_note',
  'ticket_types.photo_check'] as const;

const withCount = (r: Omit<TicketTypeRow, 'tickets_issued'> & { tickets_issued: number | string | null }): TicketTypeRow =>
  ({ ...r, tickets_issued: Number(r.tickets_issued ?? 0) });

export async function listTicketTypes(trx: Trx, eventId: string, limit: number, afterTypeNo: number | null): Promise<TicketTypeRow[]> {
  let q = trx.selectFrom('ticket_types').select([...COLUMNS, (eb) => validTickets(eb).as('tickets_issued')]).where('ticket_types.event_id', '=', eventId);
  if (afterTypeNo !== null) q = q.where('ticket_types.type_no', '>', afterTypeNo);
  return (await q.orderBy('ticket_types.type_no').limit(limit + 1).execute()).map(withCount);
}

export async function findTicketType(trx: Trx, eventId: string, typeId: string, opts: { forUpdate?: boolean } = {}): Promise<TicketTypeRow | undefined> {
  let q = trx.selectFrom('ticket_types').select([...COLUMNS, (eb) => validTickets(eb).as('tickets_issued')])
    .where('ticket_types.event_id', '=', eventId).where('ticket_types.id', '=', typeId);
  if (opts.forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? withCount(row) : undefined;
}

/** The event's venue, its row locked so concurrent type creations number their types one by one. */
export function lockEvent(trx: Trx, eventId: string): Promise<{ venue_id: string } | undefined> {
  return trx.selectFrom('events').select('venue_id').where('id', '=', eventId).forUpdate().executeTakeFirst();
}

export async function nextTypeNo(trx: Trx, eventId: string): Promise<number> {
  const row = await trx.selectFrom('ticket_types').select((eb) => eb.fn.max('type_no').as('max')).where('event_id', '=', eventId).executeTakeFirst();
  return Number(row?.max ?? 0) + 1;
}

export interface NewTicketTypeRow {
  id: string; tenant_id: string; event_id: string; type_no: number; name: string; zone_codes: string[];
  valid_from: Date | null; valid_until: Date | null; allow_static: boolean; allow_transfer: boolean; capacity: number | null;
  attention_note: string | null;
  photo_check?: boolean;
}

export async function insertTicketType(trx: Trx, row: NewTicketTypeRow): Promise<void> {
  await trx.insertInto('ticket_types').values(row).execute();
}

export type TicketTypeChanges = Partial<Pick<NewTicketTypeRow, 'name' | 'zone_codes' | 'valid_from' | 'valid_until' | 'allow_static' | 'allow_transfer' | 'capacity' | 'attention_note' | 'photo_check'>>;

export async function updateTicketType(trx: Trx, typeId: string, set: TicketTypeChanges): Promise<void> {
  if (Object.keys(set).length > 0) await trx.updateTable('ticket_types').set(set).where('id', '=', typeId).execute();
}

export async function deleteTicketType(trx: Trx, typeId: string): Promise<void> {
  await trx.deleteFrom('ticket_types').where('id', '=', typeId).execute();
}

/** Tickets of the type in any status (a cancelled ticket is history too). */
export async function ticketsOfType(trx: Trx, eventId: string, typeId: string): Promise<number> {
  const row = await trx.selectFrom('tickets').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('event_id', '=', eventId).where('ticket_type_id', '=', typeId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function usedByRegistration(trx: Trx, typeId: string): Promise<boolean> {
  return (await trx.selectFrom('registration_settings').select('event_id').where('ticket_type_id', '=', typeId).executeTakeFirst()) !== undefined;
}

/**
 * Puts every ticket of the type into the manifest change log: a phone holds each ticket's zones
 * (decoded with the type), so the tickets must come again in the next delta for new zones to apply.
 */
export async function logTypeTicketsChanged(trx: Trx, eventId: string, typeId: string): Promise<void> {
  await trx.insertInto('ticket_changes')
    .columns(['tenant_id', 'event_id', 'ticket_id'])
    .expression((eb) => eb.selectFrom('tickets').select(['tickets.tenant_id', 'tickets.event_id', 'tickets.id'])
      .where('tickets.event_id', '=', eventId).where('tickets.ticket_type_id', '=', typeId))
    .execute();
}
