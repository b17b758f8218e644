import type { PageOf } from '../../contracts/common.contract.ts';
import type { TicketHistory, TicketHistoryEntry, TicketListItem, TicketScan, TicketSearchQuery } from '../../contracts/tickets.contract.ts';
import type { ReasonCode } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import {
  replacedTicketId, ticketHistoryRows, ticketInEvent, ticketListPage, ticketScanPage,
  type TicketHistoryRow, type TicketListRow, type TicketMatch, type TicketScanRow,
} from './ticket-records.repository.ts';

/**
 * The organizer's records of an event's tickets: the list a manager searches (by name, email,
 * phone, order reference, code or serial) and one ticket's whole scan history. Personal data, so
 * both routes need ticket:read — door staff have the door search, which shows none of it.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// The human code's alphabet (codes.ts): a text of only these letters and digits may be a code.
const CODE_CHARS = /^[2-9A-HJKMNP-Z]{1,8}$/;

/** What a typed search may mean; null: no search (every ticket). */
export function ticketMatch(raw: string | undefined): TicketMatch | null {
  const q = (raw ?? '').trim().replace(/\s+/g, ' ');
  if (q === '') return null;
  const text = q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
  const compact = q.toUpperCase().replace(/[\s-]/g, '');
  const codePrefix = compact.length >= 2 && CODE_CHARS.test(compact) ? compact : null;
  // A phone as people type one: digits with spaces, dashes, dots, brackets or a leading +.
  const digits = /^\+?[\d\s().-]+$/.test(q) ? q.replace(/\D/g, '').replace(/^0+/, '') : '';
  const phoneDigits = digits.length >= 4 ? digits : null;
  const serial = /^\d{1,9}$/.test(q) ? Number(q) : null;
  return { text, codePrefix, phoneDigits, serial };
}

const listItem = (r: TicketListRow): TicketListItem => ({
  id: r.id, serial: r.serial, status: r.status, presence: r.presence, entryCount: r.entry_count,
  type: { no: r.type_no, name: r.type_name },
  holder: { name: r.holder_name, email: r.holder_email, phone: r.holder_phone },
  orderRef: r.order_ref, code: r.code, issuedAt: r.created_at.toISOString(),
});

export async function searchEventTickets(ctx: AppContext, tenantId: string, eventId: string, query: TicketSearchQuery): Promise<PageOf<TicketListItem>> {
  const limit = pageLimit(query.limit);
  const before = query.cursor ? decodePageCursor(query.cursor, ['number'])[0] as number : null;
  const rows = await withTenant(ctx.db, tenantId, (trx) => ticketListPage(trx, eventId, ticketMatch(query.q), before, limit + 1));
  return pageOf(rows, limit, listItem, (r) => [r.serial]);
}

const scanItem = (r: TicketScanRow): TicketScan => ({
  id: r.id, at: r.effective_time.toISOString(), recordedAt: r.server_time.toISOString(), direction: r.direction, input: r.input_kind,
  verdict: r.verdict, reason: r.reason as ReasonCode, serverVerdict: r.server_verdict, serverReason: r.server_reason as ReasonCode | null,
  gate: r.gate, zone: r.zone, device: r.device, staff: r.staff, offline: r.offline, conflict: r.conflict, moved: r.moved,
  undoneAt: r.undone_at ? r.undone_at.toISOString() : null, attentionNote: r.attention_note,
});

export async function ticketScans(ctx: AppContext, tenantId: string, eventId: string, ticketId: string,
  query: { cursor?: string; limit?: number }): Promise<PageOf<TicketScan>> {
  const limit = pageLimit(query.limit);
  const after = query.cursor ? decodePageCursor(query.cursor, ['string'])[0] as string : null;
  if (after !== null && !UUID.test(after)) throw new DomainError('bad_request', 'cursor is not one of this list’s cursors; omit it to start from the first page.');
  const rows = await withTenant(ctx.db, tenantId, async (trx) => {
    if (!await ticketInEvent(trx, eventId, ticketId)) throw new DomainError('not_found', 'No such ticket in this event.');
    return ticketScanPage(trx, eventId, ticketId, after, limit + 1);
  });
  return pageOf(rows, limit, scanItem, (r) => [r.id]);
}

const HISTORY_ACTION: Record<TicketHistoryRow['action'], TicketHistoryEntry['action']> = {
  'tickets.issued': 'issued', 'ticket.transferred': 'transferred', 'ticket.cancelled': 'cancelled',
  'ticket.refunded': 'refunded', 'ticket.resent': 'resent', 'ticket.note_set': 'note_set', 'ticket.note_cleared': 'note_cleared',
};

/**
 * Issued, transferred (and by whom: the holder from their page, or staff), cancelled, refunded,
 * resent — from the audit log, which holds ids and never personal data, so the names shown are
 * the staff member's or the key's, never a holder's.
 */
export async function ticketHistory(ctx: AppContext, tenantId: string, eventId: string, ticketId: string): Promise<TicketHistory> {
  return withTenant(ctx.db, tenantId, async (trx) => {
    if (!await ticketInEvent(trx, eventId, ticketId)) throw new DomainError('not_found', 'No such ticket in this event.');
    const [rows, replaced] = await Promise.all([ticketHistoryRows(trx, ticketId), replacedTicketId(trx, ticketId)]);
    return {
      entries: rows.map((r) => {
        const detail = (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail ?? {}) as { source?: unknown; newTicketId?: unknown };
        const action = HISTORY_ACTION[r.action];
        const source = action === 'issued' && typeof detail.source === 'string' ? detail.source : null;
        const related = action === 'transferred' && typeof detail.newTicketId === 'string' ? detail.newTicketId
          : source === 'transfer' ? replaced : null;
        return {
          at: r.at.toISOString(), action,
          actor: { kind: r.actor_kind as TicketHistoryEntry['actor']['kind'], name: r.staff_name ?? r.key_name ?? null },
          source, relatedTicketId: related,
        };
      }),
    };
  });
}
