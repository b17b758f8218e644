import { deriveRotationKey } from '../../core/index.ts';
import type { TicketStatus } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { asSystem, withTenant, type Trx } from '../db/database.ts';
import { attendeeLink, renderTicketQr } from './ticket-render.service.ts';
import { findTicketByLinkSecret, findTicketDocumentRow } from './ticket-document.repository.ts';

/**
 * Everything shown to a ticket's holder, in one shape for the three places that show it: the
 * attendee page (JSON), the email and the PDF. Built in one tenant transaction so the QR text,
 * status and holder always belong together.
 */
export interface TicketDocument {
  ticketId: string;
  tenantId: string;
  eventId: string;
  serial: number;
  code: string;
  pin: string;
  status: TicketStatus;
  holderName: string;
  holderEmail: string | null;
  /** E.164; where "send my ticket again" by SMS goes (never another number). */
  holderPhone: string | null;
  linkSecret: string;
  link: string;
  /**
   * The language to write to the holder in when the request names none: theirs where the ticket
   * keeps one, else the organizer's default.
   */
  language: string;
  /** allowTransfer: the holder may pass the ticket on from their ticket page. */
  type: { no: number; name: string; zones: string[]; allowStatic: boolean; allowTransfer: boolean };
  event: {
    name: string; slug: string; startsAt: Date; endsAt: Date; doorsOpenAt: Date;
    timezone: string; venueName: string; organizerName: string;
  };
  /**
   * The static QR text, or null when the ticket is not valid: a cancelled, refunded, transferred or
   * void ticket must not keep showing something that looks scannable.
   */
  qr: string | null;
  /**
   * The per-ticket rotation key when the ticket must show a rotating code: valid, and its type does
   * not allow static codes. Where static codes are allowed the static QR is as good at the door
   * (a printout of it is), so a rotating code would only add a way to fail (a phone's wrong clock).
   */
  rotationKey: Uint8Array | null;
}

export type TicketDocumentDeps = Pick<AppContext, 'db' | 'keys' | 'config'>;

export async function loadTicketDocument(
  deps: TicketDocumentDeps, trx: Trx, tenantId: string, ticketId: string,
): Promise<TicketDocument | undefined> {
  const row = await findTicketDocumentRow(trx, ticketId);
  if (!row) return undefined;
  const status = row.status as TicketStatus;
  const valid = status === 'valid';
  const qr = valid ? await renderTicketQr(deps, trx, {
    serial: row.serial, kid: row.kid === null ? null : Number(row.kid), type_no: row.type_no,
    valid_from: row.valid_from, valid_until: row.valid_until,
  }) : null;
  const rotationKey = valid && !row.allow_static
    ? deriveRotationKey(await deps.keys.rotationSecret(trx, tenantId, row.event_id), row.serial)
    : null;
  return {
    ticketId: row.id, tenantId: row.tenant_id, eventId: row.event_id, serial: row.serial, code: row.code, pin: row.pin,
    status, holderName: row.holder_name, holderEmail: row.holder_email, holderPhone: row.holder_phone, linkSecret: row.link_secret,
    link: attendeeLink(deps.config.publicUrl, row.link_secret), language: row.language ?? row.default_locale,
    type: { no: row.type_no, name: row.type_name, zones: [...row.zone_codes], allowStatic: row.allow_static, allowTransfer: row.allow_transfer },
    event: {
      name: row.event_name, slug: row.event_slug, startsAt: row.starts_at, endsAt: row.ends_at, doorsOpenAt: row.doors_open_at,
      timezone: row.timezone, venueName: row.venue_name, organizerName: row.organizer_name,
    },
    qr, rotationKey,
  };
}

/** The ticket document in its own tenant transaction (email, PDF). */
export function ticketDocument(deps: TicketDocumentDeps, tenantId: string, ticketId: string): Promise<TicketDocument | undefined> {
  return withTenant(deps.db, tenantId, (trx) => loadTicketDocument(deps, trx, tenantId, ticketId));
}

/**
 * The ticket a link secret opens, or undefined. The secret is looked up across tenants (the only
 * cross-tenant step), then the document is built inside the ticket's tenant.
 */
export async function ticketDocumentByLinkSecret(deps: TicketDocumentDeps, linkSecret: string): Promise<TicketDocument | undefined> {
  const found = await asSystem(deps.db, (trx) => findTicketByLinkSecret(trx, linkSecret));
  if (!found) return undefined;
  return withTenant(deps.db, found.tenant_id, (trx) => loadTicketDocument(deps, trx, found.tenant_id, found.id));
}
