import { randomUUID } from 'node:crypto';
import { asSystem, withTenant, type Db } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { hashPassword } from '../auth/password.ts';

/**
 * Creating the skeleton of an organizer in a few inserts: tenant, staff, venue with its zone chain
 * and gates, events and ticket types. Test fixtures and benches use it to build many organizers
 * fast; the routes, the CLI and the demo go through the setup services (organizers, venues, zones,
 * gates, events, ticket types), which validate and audit.
 */

export interface NewTenant { name: string; slug: string }
export async function createTenant(db: Db, input: NewTenant): Promise<{ id: string }> {
  const id = randomUUID();
  await asSystem(db, (trx) => trx.insertInto('tenants').values({ id, name: input.name, slug: input.slug }).execute());
  return { id };
}

export interface NewStaff {
  email: string; displayName: string; role: Role; locale?: string;
  /** Plain password (hashed here) — or an existing scrypt hash (fixtures reuse one to stay fast). */
  password: string; passwordHash?: string;
}
export async function createStaff(db: Db, tenantId: string, input: NewStaff): Promise<{ id: string }> {
  const id = randomUUID();
  const passwordHash = input.passwordHash ?? await hashPassword(input.password);
  await withTenant(db, tenantId, (trx) => trx.insertInto('staff').values({
    id, tenant_id: tenantId, email: input.email.toLowerCase(), display_name: input.displayName,
    password_hash: passwordHash, role: input.role, locale: input.locale ?? null,
  }).execute());
  return { id };
}

export interface NewVenue {
  name: string;
  timezone: string;
  /** Zone chain from least to most privileged, e.g. GA, VIP, BACKSTAGE (each inside the next). */
  zones: { code: string; name: string }[];
  gates: { name: string; zone: string }[];
}
export interface VenueCreated {
  id: string;
  zones: { id: string; code: string; parentId: string | null }[];
  gates: { id: string; name: string; zone: string }[];
}
export async function createVenue(db: Db, tenantId: string, input: NewVenue): Promise<VenueCreated> {
  const venueId = randomUUID();
  const ids = input.zones.map(() => randomUUID());
  const zones = input.zones.map((z, i) => ({ id: ids[i]!, code: z.code, name: z.name, parentId: ids[i + 1] ?? null }));
  const gates = input.gates.map((g) => {
    const zone = zones.find((z) => z.code === g.zone);
    if (!zone) throw new Error(`gate ${g.name} names unknown zone ${g.zone}`);
    return { id: randomUUID(), name: g.name, zone: g.zone, zoneId: zone.id };
  });
  await withTenant(db, tenantId, async (trx) => {
    await trx.insertInto('venues').values({ id: venueId, tenant_id: tenantId, name: input.name, timezone: input.timezone }).execute();
    if (zones.length) {
      // Outermost first: a zone's parent row must exist before it.
      await trx.insertInto('zones').values([...zones].reverse().map((z) => ({ id: z.id, tenant_id: tenantId, venue_id: venueId, code: z.code, name: z.name, parent_id: z.parentId }))).execute();
    }
    if (gates.length) {
      await trx.insertInto('gates').values(gates.map((g) => ({ id: g.id, tenant_id: tenantId, venue_id: venueId, zone_id: g.zoneId, name: g.name }))).execute();
    }
  });
  return { id: venueId, zones: zones.map(({ id, code, parentId }) => ({ id, code, parentId })), gates: gates.map(({ id, name, zone }) => ({ id, name, zone })) };
}

export interface NewEvent {
  venueId: string;
  slug: string;
  name: string;
  startsAt: Date;
  endsAt: Date;
  doorsOpenAt: Date;
  capacity?: number | null;
  policy: unknown;
  ticketTypes: { typeNo: number; name: string; zones: string[]; allowStatic?: boolean; validFrom?: Date; validUntil?: Date; capacity?: number }[];
}
export interface EventCreated { id: string; ticketTypes: { id: string; typeNo: number; name: string; zones: string[] }[] }
export async function createEvent(db: Db, tenantId: string, input: NewEvent): Promise<EventCreated> {
  const eventId = randomUUID();
  const types = input.ticketTypes.map((t) => ({ ...t, id: randomUUID() }));
  await withTenant(db, tenantId, async (trx) => {
    await trx.insertInto('events').values({
      id: eventId, tenant_id: tenantId, venue_id: input.venueId, slug: input.slug, name: input.name,
      starts_at: input.startsAt, ends_at: input.endsAt, doors_open_at: input.doorsOpenAt,
      capacity: input.capacity ?? null, policy: JSON.stringify(input.policy),
    }).execute();
    if (types.length) {
      await trx.insertInto('ticket_types').values(types.map((t) => ({
        id: t.id, tenant_id: tenantId, event_id: eventId, type_no: t.typeNo, name: t.name, zone_codes: t.zones,
        allow_static: t.allowStatic ?? true, valid_from: t.validFrom ?? null, valid_until: t.validUntil ?? null,
        capacity: t.capacity ?? null,
      }))).execute();
    }
  });
  return { id: eventId, ticketTypes: types.map((t) => ({ id: t.id, typeNo: t.typeNo, name: t.name, zones: t.zones })) };
}
