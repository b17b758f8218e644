import { randomUUID } from 'node:crypto';
import type { TicketTypeCreate, TicketTypePatch, TicketTypeView } from '../../contracts/ticket-types.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { assertOrder, isUniqueViolation, optionalInstant } from '../events/event-input.ts';
import { missingZoneCodes } from '../events/events.repository.ts';
import { scanContexts } from '../events/scan-context.cache.ts';
import { decodePageCursor, pageLimit, pageOf } from '../shared/page-cursor.ts';
import { DomainError } from '../shared/domain-error.ts';
import { attentionNoteOf } from '../shared/attention-note.ts';
import {
  deleteTicketType as deleteRow, findTicketType, insertTicketType, listTicketTypes as listRows, lockEvent, logTypeTicketsChanged, nextTypeNo,
  ticketsOfType, updateTicketType as updateRow, usedByRegistration, type TicketTypeChanges, type TicketTypeRow,
} from './ticket-types.repository.ts';

/**
 * Ticket types of an event: which zones a ticket grants, when it is valid, whether a printed
 * (static) QR is accepted, how many may be issued. The type number in every QR is given here, once.
 *
 * A type's validity is signed into each of its tickets' QR codes, so it cannot change once tickets
 * exist (re-issue them under a new type instead). Zones, static codes and capacity can: the scan
 * reads them live, and a zone change puts the type's tickets into the next manifest delta.
 */

const NO_EVENT = 'No such event.';
// Not the guard's "No such resource.": the event was found, the type in it was not.
const NO_TYPE = 'No such ticket type in this event.';
const MAX_TYPE_NO = 65_535;

export function toTicketTypeView(r: TicketTypeRow): TicketTypeView {
  return {
    id: r.id, eventId: r.event_id, typeNo: r.type_no, name: r.name, zones: [...r.zone_codes],
    validFrom: r.valid_from?.toISOString() ?? null, validUntil: r.valid_until?.toISOString() ?? null,
    allowStatic: r.allow_static, allowTransfer: r.allow_transfer, capacity: r.capacity, ticketsIssued: r.tickets_issued,
    attentionNote: r.attention_note, photoCheck: r.photo_check,
  };
}

async function checkZones(trx: Trx, venueId: string, zones: readonly string[]): Promise<void> {
  const missing = await missingZoneCodes(trx, venueId, zones);
  if (missing.length > 0) {
    throw new DomainError('unprocessable', `zones: ${missing.join(', ')} ${missing.length === 1 ? 'is not a zone' : 'are not zones'} of the event’s venue.`,
      { field: 'zones', zones: missing });
  }
}

function checkValidity(from: Date | null, until: Date | null): void {
  if (from && until) assertOrder(from, until, 'validFrom', 'validUntil');
}

function duplicateName(name: string): DomainError {
  return new DomainError('already_exists', `The event already has a ticket type named "${name}".`, { field: 'name' });
}

export async function listTicketTypes(ctx: AppContext, caller: Caller, eventId: string, query: { limit?: number | undefined; cursor?: string | undefined }) {
  const limit = pageLimit(query.limit);
  const after = query.cursor ? decodePageCursor(query.cursor, ['number'])[0] as number : null;
  const rows = await withTenant(ctx.db, caller.tenantId, (trx) => listRows(trx, eventId, limit, after));
  return pageOf(rows, limit, toTicketTypeView, (r) => [r.type_no]);
}

export async function createTicketType(ctx: AppContext, caller: Caller, eventId: string, input: TicketTypeCreate): Promise<TicketTypeView> {
  const validFrom = optionalInstant(input.validFrom, 'validFrom') ?? null;
  const validUntil = optionalInstant(input.validUntil, 'validUntil') ?? null;
  checkValidity(validFrom, validUntil);
  const name = input.name.trim();
  if (name === '') throw new DomainError('validation_failed', 'name must not be blank.', { field: 'name' });
  const attentionNote = attentionNoteOf(input.attentionNote);
  const id = randomUUID();
  try {
    const view = await withTenant(ctx.db, caller.tenantId, async (trx) => {
      const event = await lockEvent(trx, eventId);
      if (!event) throw new DomainError('not_found', NO_EVENT);
      await checkZones(trx, event.venue_id, input.zones);
      const typeNo = await nextTypeNo(trx, eventId);
      if (typeNo > MAX_TYPE_NO) throw new DomainError('conflict', `An event has at most ${MAX_TYPE_NO} ticket types.`);
      await insertTicketType(trx, {
        id, tenant_id: caller.tenantId, event_id: eventId, type_no: typeNo, name, zone_codes: [...input.zones],
        valid_from: validFrom, valid_until: validUntil, allow_static: input.allowStatic ?? true, allow_transfer: input.allowTransfer ?? false, capacity: input.capacity ?? null,
        attention_note: attentionNote, photo_check: input.photoCheck ?? false,
      });
      const actor = caller.actor;
      await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'ticket_type.created', subjectId: id,
        detail: { ...actor.detail, eventId, typeNo, zones: input.zones } });
      return toTicketTypeView((await findTicketType(trx, eventId, id))!);
    });
    scanContexts(ctx).invalidate(eventId);
    return view;
  } catch (err) {
    if (isUniqueViolation(err, 'ticket_types_event_id_name_key')) throw duplicateName(name);
    throw err;
  }
}

export async function updateTicketType(ctx: AppContext, caller: Caller, eventId: string, typeId: string, patch: TicketTypePatch): Promise<TicketTypeView> {
  try {
    const view = await withTenant(ctx.db, caller.tenantId, async (trx) => {
      const event = await lockEvent(trx, eventId);
      if (!event) throw new DomainError('not_found', NO_EVENT);
      const current = await findTicketType(trx, eventId, typeId, { forUpdate: true });
      if (!current) throw new DomainError('not_found', NO_TYPE);
      const set: TicketTypeChanges = {};
      if (patch.name !== undefined && patch.name.trim() !== current.name) {
        if (patch.name.trim() === '') throw new DomainError('validation_failed', 'name must not be blank.', { field: 'name' });
        set.name = patch.name.trim();
      }
      if (patch.zones !== undefined && !sameList(patch.zones, current.zone_codes)) {
        await checkZones(trx, event.venue_id, patch.zones);
        set.zone_codes = [...patch.zones];
      }
      const validFrom = patch.validFrom !== undefined ? optionalInstant(patch.validFrom, 'validFrom') ?? null : current.valid_from;
      const validUntil = patch.validUntil !== undefined ? optionalInstant(patch.validUntil, 'validUntil') ?? null : current.valid_until;
      const validityChanged = validFrom?.getTime() !== current.valid_from?.getTime() || validUntil?.getTime() !== current.valid_until?.getTime();
      if (validityChanged) {
        checkValidity(validFrom, validUntil);
        const tickets = await ticketsOfType(trx, eventId, typeId);
        if (tickets > 0) {
          throw new DomainError('conflict',
            `The validity of a type is signed into its tickets' QR codes, and ${tickets} ticket(s) of this type exist; create another type for the new validity.`,
            { tickets });
        }
        set.valid_from = validFrom;
        set.valid_until = validUntil;
      }
      if (patch.allowStatic !== undefined && patch.allowStatic !== current.allow_static) set.allow_static = patch.allowStatic;
      if (patch.allowTransfer !== undefined && patch.allowTransfer !== current.allow_transfer) set.allow_transfer = patch.allowTransfer;
      if (patch.capacity !== undefined && patch.capacity !== current.capacity) {
        if (patch.capacity !== null && patch.capacity < current.tickets_issued) {
          throw new DomainError('conflict', `capacity ${patch.capacity} is below the ${current.tickets_issued} valid tickets of this type already issued.`,
            { field: 'capacity', ticketsIssued: current.tickets_issued });
        }
        set.capacity = patch.capacity;
      }
      if (patch.photoCheck !== undefined && patch.photoCheck !== current.photo_check) set.photo_check = patch.photoCheck;
      if (patch.attentionNote !== undefined) {
        const note = attentionNoteOf(patch.attentionNote);
        if (note !== current.attention_note) set.attention_note = note;
      }
      await updateRow(trx, typeId, set);
      if (set.zone_codes) await logTypeTicketsChanged(trx, eventId, typeId);
      if (Object.keys(set).length > 0) {
        const actor = caller.actor;
        await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'ticket_type.updated', subjectId: typeId,
          detail: { ...actor.detail, eventId, fields: Object.keys(set) } });
      }
      return toTicketTypeView((await findTicketType(trx, eventId, typeId))!);
    });
    scanContexts(ctx).invalidate(eventId);
    return view;
  } catch (err) {
    if (patch.name && isUniqueViolation(err, 'ticket_types_event_id_name_key')) throw duplicateName(patch.name.trim());
    throw err;
  }
}

/** Deletes a type no ticket was ever issued with and free registration does not hand out. */
export async function deleteTicketType(ctx: AppContext, caller: Caller, eventId: string, typeId: string): Promise<void> {
  await withTenant(ctx.db, caller.tenantId, async (trx) => {
    if (!(await lockEvent(trx, eventId))) throw new DomainError('not_found', NO_EVENT);
    const current = await findTicketType(trx, eventId, typeId, { forUpdate: true });
    if (!current) throw new DomainError('not_found', NO_TYPE);
    const tickets = await ticketsOfType(trx, eventId, typeId);
    if (tickets > 0) {
      throw new DomainError('conflict', `This ticket type has ${tickets} ticket(s) and cannot be deleted; its tickets keep it.`, { tickets });
    }
    if (await usedByRegistration(trx, typeId)) {
      throw new DomainError('conflict', 'Free registration hands out this ticket type; choose another type for registration first.');
    }
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'ticket_type.deleted', subjectId: typeId,
      detail: { ...actor.detail, eventId, typeNo: current.type_no } });
    await deleteRow(trx, typeId);
  });
  scanContexts(ctx).invalidate(eventId);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
