import type { SessionCreate } from '../../contracts/sessions.contract.ts';
import type { Trx } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { countEventTicketTypes, type SessionChanges, type SessionRow } from './sessions.repository.ts';

/**
 * A session's CPD settings and admitted ticket types, checked before they are stored. The schema
 * bounds the numbers (credits > 0 and ≤ 999, share 1–100); what JSON Schema cannot say cleanly is
 * "at most two decimals" (multipleOf 0.01 fails on 1.15 in binary floating point) and "types of
 * this event" — both are said here, in the standard error shape.
 */
type CpdInput = Pick<SessionCreate, 'credits' | 'minShare' | 'admitsTicketTypeIds'>;

function checkCredits(credits: number): number {
  const hundredths = Math.round(credits * 100);
  if (Math.abs(hundredths - credits * 100) > 1e-6) {
    throw new DomainError('validation_failed', 'credits takes at most two decimals (e.g. 1.5 or 0.25).', { field: 'credits' });
  }
  return hundredths / 100;
}

async function checkTypes(trx: Trx, eventId: string, ids: readonly string[]): Promise<void> {
  if (new Set(ids).size !== ids.length) {
    throw new DomainError('validation_failed', 'admitsTicketTypeIds names a ticket type twice.', { field: 'admitsTicketTypeIds' });
  }
  if ((await countEventTicketTypes(trx, eventId, ids)) !== ids.length) {
    throw new DomainError('unprocessable', 'admitsTicketTypeIds names a ticket type that is not one of this event’s.', { field: 'admitsTicketTypeIds' });
  }
}

/** The columns to write for the given input; fields left out stay as they are (absent from the result). */
export async function cpdChanges(trx: Trx, eventId: string, input: CpdInput, current?: SessionRow): Promise<SessionChanges> {
  const set: SessionChanges = {};
  if (input.credits !== undefined) {
    const credits = input.credits === null ? null : checkCredits(input.credits);
    const before = current?.cpd_credits == null ? null : Number(current.cpd_credits);
    if (!current || credits !== before) set.cpd_credits = credits;
  }
  if (input.minShare !== undefined && (!current || input.minShare !== current.cpd_min_share)) set.cpd_min_share = input.minShare;
  if (input.admitsTicketTypeIds !== undefined) {
    const ids = input.admitsTicketTypeIds;
    if (ids !== null) await checkTypes(trx, eventId, ids);
    const same = current && JSON.stringify(current.admits_ticket_type_ids) === JSON.stringify(ids);
    if (!same) set.admits_ticket_type_ids = ids === null ? null : [...ids];
  }
  return set;
}

/** The CPD part of a session's view: credits as a number (stored as exact hundredths). */
export function cpdView(r: SessionRow): { credits: number | null; minShare: number | null; admitsTicketTypeIds: string[] | null } {
  return { credits: r.cpd_credits === null ? null : Number(r.cpd_credits), minShare: r.cpd_min_share, admitsTicketTypeIds: r.admits_ticket_type_ids };
}
