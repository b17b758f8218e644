import type { TicketView } from '../../contracts/tickets.contract.ts';
import type { AppContext } from '../app-context.ts';
import type { Trx } from '../db/database.ts';
import type { WebhookTicketFacts } from '../webhooks/webhook-outbox.ts';
import type { IssuedTicket } from './ticket-issuance.service.ts';
import { attendeeLink, renderTicketQr } from '../ticket-documents/ticket-render.service.ts';
import type { TicketViewRow } from './tickets-in.repository.ts';

/**
 * The contract's ticket view, built either from a fresh issuance or again from the row (the QR
 * is re-rendered: Ed25519 is deterministic).
 */

export function viewOfIssued(eventId: string, t: IssuedTicket): TicketView {
  return {
    id: t.id, eventId, serial: t.serial, status: 'valid', type: { no: t.typeNo, name: t.typeName },
    holder: { name: t.holderName, email: t.holderEmail, phone: t.holderPhone }, orderRef: t.orderRef,
    code: t.code, pin: t.pin, qr: t.qr, link: t.link, replacedBy: null, attentionNote: t.attentionNote,
  };
}

export async function viewOfRow(ctx: Pick<AppContext, 'keys' | 'config'>, trx: Trx, r: TicketViewRow): Promise<TicketView> {
  return {
    id: r.id, eventId: r.event_id, serial: r.serial, status: r.status, type: { no: r.type_no, name: r.type_name },
    holder: { name: r.holder_name, email: r.holder_email, phone: r.holder_phone }, orderRef: r.order_ref,
    code: r.code, pin: r.pin, qr: await renderTicketQr(ctx, trx, r), link: attendeeLink(ctx.config.publicUrl, r.link_secret),
    replacedBy: r.replaced_by, attentionNote: r.attention_note,
    // Photo check fields only where the type uses it, so other tickets' views stay as they were.
    ...(r.photo_check ? { photoCheck: true, hasPhoto: r.has_photo } : {}),
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
