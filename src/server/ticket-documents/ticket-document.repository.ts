import type { Trx } from '../db/database.ts';

/** A ticket with everything shown to its holder: type, event, venue and organizer. */
export async function findTicketDocumentRow(trx: Trx, ticketId: string) {
  return trx.selectFrom('tickets')
    .innerJoin('ticket_types', 'ticket_types.id', 'tickets.ticket_type_id')
    .innerJoin('events', 'events.id', 'tickets.event_id')
    .innerJoin('venues', 'venues.id', 'events.venue_id')
    .innerJoin('tenants', 'tenants.id', 'tickets.tenant_id')
    .select([
      'tickets.id', 'tickets.tenant_id', 'tickets.event_id', 'tickets.serial', 'tickets.code', 'tickets.pin',
      'tickets.status', 'tickets.holder_name', 'tickets.holder_email', 'tickets.holder_phone', 'tickets.link_secret', 'tickets.kid', 'tickets.language',
      'ticket_types.type_no', 'ticket_types.name as type_name', 'ticket_types.zone_codes', 'ticket_types.allow_static', 'ticket_types.allow_transfer',
      'ticket_types.valid_from', 'ticket_types.valid_until',
      'events.name as event_name', 'events.slug as event_slug', 'events.starts_at', 'events.ends_at', 'events.doors_open_at',
      'venues.name as venue_name', 'venues.timezone', 'tenants.name as organizer_name', 'tenants.default_locale',
    ])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst();
}

export type TicketDocumentRow = NonNullable<Awaited<ReturnType<typeof findTicketDocumentRow>>>;

/**
 * Which tenant and ticket a link secret names. Runs as karibu_system (the tenant is not known yet);
 * the caller continues inside withTenant.
 */
export async function findTicketByLinkSecret(trx: Trx, linkSecret: string) {
  return trx.selectFrom('tickets').select(['id', 'tenant_id']).where('link_secret', '=', linkSecret).executeTakeFirst();
}
