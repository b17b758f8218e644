import { randomBytes, randomUUID } from 'node:crypto';
import {
  makeHumanCode, makePin, parseTicketToken, signTicketToken, tokenDigest, type Language, type TicketState,
} from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { attendeeLink, ticketTokenPayload } from '../ticket-documents/ticket-render.service.ts';
import { findCodeAndPinClashes, insertTickets, reserveSerials, type NewTicketRow } from './ticket-issuance.repository.ts';

/**
 * Issuing tickets: serials, human codes, PINs, signed QR tokens and attendee links, in one
 * transaction. Concurrent issuers for one event serialise on the event row (serial reservation),
 * so the uniqueness checks for codes and PINs below cannot race.
 */

export interface TicketInput {
  /** Ticket type by number within the event (u16) — or by id. */
  typeNo?: number;
  ticketTypeId?: string;
  holderName: string;
  holderEmail?: string | null;
  /** E.164, already normalised by the caller. */
  holderPhone?: string | null;
  orderRef?: string | null;
  /** The holder's language (core LANGUAGES); emails and SMS replies use it. */
  language?: Language | null;
  /** This ticket's own note for door staff, already trimmed (attentionNoteOf). */
  attentionNote?: string | null;
}

export interface IssuedTicket {
  id: string;
  serial: number;
  code: string;
  pin: string;
  /** The exact text of the ticket's QR code (static part; the attendee page adds the rotating part). */
  qr: string;
  /** Attendee page URL: PUBLIC_URL/t/{linkSecret}. */
  link: string;
  linkSecret: string;
  holderName: string;
  holderEmail: string | null;
  holderPhone: string | null;
  orderRef: string | null;
  typeNo: number;
  typeName: string;
  ticketTypeId: string;
  attentionNote: string | null;
}

export const MAX_TICKETS_PER_CALL = 5_000;

export type IssuanceDeps = Pick<AppContext, 'db' | 'keys' | 'config'>;

/** Issues tickets in their own tenant transaction. */
export function issueTickets(deps: IssuanceDeps, tenantId: string, eventId: string, inputs: TicketInput[]): Promise<IssuedTicket[]> {
  return withTenant(deps.db, tenantId, (trx) => issueTicketsInTransaction(deps, trx, tenantId, eventId, inputs));
}

/** Issues tickets inside the caller's tenant transaction (registration, import, transfer share it). */
export async function issueTicketsInTransaction(
  deps: IssuanceDeps, trx: Trx, tenantId: string, eventId: string, inputs: TicketInput[],
): Promise<IssuedTicket[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > MAX_TICKETS_PER_CALL) throw new DomainError('bad_request', `At most ${MAX_TICKETS_PER_CALL} tickets per call.`);

  const firstSerial = await reserveSerials(trx, eventId, inputs.length);
  if (firstSerial === undefined) throw new DomainError('not_found', 'No such event.');

  const types = await trx.selectFrom('ticket_types')
    .select(['id', 'type_no', 'name', 'zone_codes', 'valid_from', 'valid_until'])
    .where('event_id', '=', eventId).execute();
  const resolved = inputs.map((input, i) => {
    const type = types.find((t) => (input.ticketTypeId ? t.id === input.ticketTypeId : t.type_no === input.typeNo));
    if (!type) throw new DomainError('unprocessable', `Ticket ${i + 1}: no such ticket type in this event.`);
    return { input, type };
  });

  const key = await deps.keys.activeSigningKey(trx, tenantId, eventId);
  const { codes, pins } = await uniqueCodesAndPins(trx, eventId, inputs.length);

  const issued: IssuedTicket[] = [];
  const rows: NewTicketRow[] = resolved.map(({ input, type }, i) => {
    const serial = firstSerial + i;
    const payload = ticketTokenPayload(key.kid, serial, type);
    const { validFrom, validUntil } = payload;
    const qr = signTicketToken(payload, key.seed, key.sign);
    const parsed = parseTicketToken(qr);
    if (!parsed.ok) throw new Error('issued token does not parse'); // a bug, never user input
    const state: TicketState = {
      eventId, serial, typeNo: type.type_no, status: 'valid', presence: 'outside', entryCount: 0, zones: [...type.zone_codes],
      ...(validFrom ? { validFrom: validFrom * 1000 } : {}), ...(validUntil ? { validUntil: validUntil * 1000 } : {}),
    };
    const id = randomUUID();
    const linkSecret = randomBytes(18).toString('base64url');
    const ticket: IssuedTicket = {
      id, serial, code: codes[i]!, pin: pins[i]!, qr, linkSecret, link: attendeeLink(deps.config.publicUrl, linkSecret),
      holderName: input.holderName.trim(), holderEmail: input.holderEmail?.trim().toLowerCase() || null,
      holderPhone: input.holderPhone || null, orderRef: input.orderRef ?? null,
      typeNo: type.type_no, typeName: type.name, ticketTypeId: type.id, attentionNote: input.attentionNote ?? null,
    };
    issued.push(ticket);
    return {
      id, tenant_id: tenantId, event_id: eventId, ticket_type_id: type.id, serial, code: ticket.code, pin: ticket.pin,
      holder_name: ticket.holderName, holder_email: ticket.holderEmail, holder_phone: ticket.holderPhone,
      order_ref: ticket.orderRef, state: JSON.stringify(state), token_hash: tokenDigest(parsed), kid: key.kid,
      link_secret: linkSecret, language: input.language ?? null,
      ...(ticket.attentionNote !== null ? { attention_note: ticket.attentionNote } : {}),
    };
  });
  await insertTickets(trx, rows);
  return issued;
}

/** Random codes and PINs that clash neither with each other nor with the event's existing tickets. */
async function uniqueCodesAndPins(trx: Trx, eventId: string, n: number): Promise<{ codes: string[]; pins: string[] }> {
  const codes = new Set<string>();
  const pins = new Set<string>();
  for (let round = 0; round < 10 && (codes.size < n || pins.size < n); round++) {
    const newCodes: string[] = [];
    const newPins: string[] = [];
    while (codes.size + newCodes.length < n) {
      const c = makeHumanCode(randomBytes);
      if (!codes.has(c) && !newCodes.includes(c)) newCodes.push(c);
    }
    while (pins.size + newPins.length < n) {
      const p = makePin(randomBytes);
      if (!pins.has(p) && !newPins.includes(p)) newPins.push(p);
    }
    const clashes = await findCodeAndPinClashes(trx, eventId, newCodes, newPins);
    for (const c of newCodes) if (!clashes.codes.has(c)) codes.add(c);
    for (const p of newPins) if (!clashes.pins.has(p)) pins.add(p);
  }
  // A million PINs per event: an event with hundreds of thousands of tickets can run out.
  if (pins.size < n || codes.size < n) throw new DomainError('conflict', 'Could not allocate unique PINs for this event.');
  return { codes: [...codes], pins: [...pins] };
}
