import { Type, type Static } from 'typebox';
import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';
import type { WebhookTicketFacts } from '../webhooks/webhook-outbox.ts';
import type { IssuedTicket } from './ticket-issuance.service.ts';
import { attendeeLink, renderTicketQr } from '../ticket-documents/ticket-render.service.ts';
import type { TicketViewRow } from './tickets-in.repository.ts';

/**
 * The one shape a ticket has in the organizer/integration API: everything needed to hand the
 * ticket to its holder (QR text, human code, PIN, attendee link) plus its status. Built either
 * from a fresh issuance or again from the row (QR re-rendered: Ed25519 is deterministic).
 */
export const TicketOut = Type.Object({
  id: Type.String({ format: 'uuid' }),
  eventId: Type.String({ format: 'uuid' }),
  serial: Type.Integer(),
  status: Type.Union([Type.Literal('valid'), Type.Literal('cancelled'), Type.Literal('refunded'), Type.Literal('transferred'), Type.Literal('void')]),
  type: Type.Object({ no: Type.Integer(), name: Type.String() }),
  holder: Type.Object({ name: Type.String(), email: Type.Union([Type.String(), Type.Null()]), phone: Type.Union([Type.String(), Type.Null()]) }),
  orderRef: Type.Union([Type.String(), Type.Null()]),
  code: Type.String({ description: 'Human code staff can type at the door, e.g. K7QF-93XM' }),
  pin: Type.String({ description: '6-digit PIN, unique in the event (SMS check-in, manual entry)' }),
  qr: Type.String({ description: 'Exact text of the QR code (static part; the attendee page adds the rotating part)' }),
  link: Type.String({ description: 'Attendee ticket page' }),
  replacedBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'Set when transferred: the new ticket' }),
});
export type TicketOut = Static<typeof TicketOut>;

export function viewOfIssued(eventId: string, t: IssuedTicket): TicketOut {
  return {
    id: t.id, eventId, serial: t.serial, status: 'valid', type: { no: t.typeNo, name: t.typeName },
    holder: { name: t.holderName, email: t.holderEmail, phone: t.holderPhone }, orderRef: t.orderRef,
    code: t.code, pin: t.pin, qr: t.qr, link: t.link, replacedBy: null,
  };
}

export async function viewOfRow(ctx: Pick<AppContext, 'keys' | 'config'>, trx: Trx, r: TicketViewRow): Promise<TicketOut> {
  return {
    id: r.id, eventId: r.event_id, serial: r.serial, status: r.status, type: { no: r.type_no, name: r.type_name },
    holder: { name: r.holder_name, email: r.holder_email, phone: r.holder_phone }, orderRef: r.order_ref,
    code: r.code, pin: r.pin, qr: await renderTicketQr(ctx, trx, r), link: attendeeLink(ctx.config.publicUrl, r.link_secret),
    replacedBy: r.replaced_by,
  };
}

export function factsOfIssued(eventId: string, t: IssuedTicket): WebhookTicketFacts {
  return {
    id: t.id, eventId, serial: t.serial, status: 'valid', typeNo: t.typeNo, typeName: t.typeName,
    holderName: t.holderName, holderEmail: t.holderEmail, holderPhone: t.holderPhone, orderRef: t.orderRef,
  };
}

export function factsOfRow(r: TicketViewRow, status: string = r.status): WebhookTicketFacts {
  return {
    id: r.id, eventId: r.event_id, serial: r.serial, status, typeNo: r.type_no, typeName: r.type_name,
    holderName: r.holder_name, holderEmail: r.holder_email, holderPhone: r.holder_phone, orderRef: r.order_ref,
  };
}
