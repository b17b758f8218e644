import { languageOf } from '../../core/index.ts';
import type {
  PublicEvent, RegistrationBody, RegistrationResult, RegistrationSettings, RegistrationSettingsBody, RegistrationState,
} from '../../contracts/registration.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { asSystem, withTenant } from '../db/database.ts';
import { sendTicketEmail } from '../notifications/ticket-email.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { checkHolder, DEFAULT_PHONE_REGION, isPhoneRegion } from '../tickets/holder-input.ts';
import { issueAndAnnounce } from '../tickets/ticket-intake.service.ts';
import {
  countValid, findPublicEvent, findSettings, findValidTicketByEmail, lastEmailSentAt, lockEventForRegistration, upsertSettings,
  type PublicEventRow,
} from './registration.repository.ts';

/**
 * Free registration (/e/{slug}/register). A visitor knows only the event's slug, so the event is
 * found as karibu_system; everything after happens in the event's tenant.
 *
 * Privacy: whoever knows an email address must not get that person's ticket. With email on
 * (SMTP_URL), a new and a repeated registration get the same answer ("check your email") and the
 * ticket only travels by email. With email off there is no other channel, so a new registrant is
 * given the ticket link and a repeat is told the address is already registered (it can't be
 * resent): that reveals whether an address registered, which only email can avoid.
 */

export type RegistrationDeps = Pick<AppContext, 'db' | 'keys' | 'config' | 'log'>;

/** One resend per ticket per window, however often its address is submitted again. */
export const RESEND_WINDOW_MS = 10 * 60_000;

function registrationState(e: PublicEventRow, now: number): RegistrationState {
  if (e.status !== 'published' || !e.ticket_type_id || !e.enabled) return 'unavailable';
  if (e.opens_at && e.opens_at.getTime() > now) return 'not_open_yet';
  if ((e.closes_at && e.closes_at.getTime() <= now) || e.ends_at.getTime() <= now) return 'closed';
  return 'open';
}

function spotsLeft(e: PublicEventRow, counts: { event: number; type: number }): number | null {
  const limits = [
    e.capacity === null ? null : e.capacity - counts.event,
    e.type_capacity === null ? null : e.type_capacity - counts.type,
  ].filter((n): n is number => n !== null);
  return limits.length ? Math.max(0, Math.min(...limits)) : null;
}

export async function getPublicEvent(deps: RegistrationDeps, slug: string, now = Date.now()): Promise<PublicEvent> {
  return asSystem(deps.db, async (trx) => {
    const e = await findPublicEvent(trx, slug);
    if (!e || e.status === 'draft') throw new DomainError('not_found', 'No such event.');
    let state = registrationState(e, now);
    let left: number | null = null;
    if (e.ticket_type_id && state !== 'unavailable') {
      left = spotsLeft(e, await countValid(trx, e.id, e.ticket_type_id));
      if (state === 'open' && left === 0) state = 'full';
    }
    return {
      slug: e.slug, name: e.name, venue: e.venue_name, timezone: e.timezone,
      startsAt: e.starts_at.toISOString(), endsAt: e.ends_at.toISOString(), doorsOpenAt: e.doors_open_at.toISOString(),
      registration: { state, ticketType: e.type_name, spotsLeft: left, emailDelivery: Boolean(deps.config.smtpUrl) },
    };
  });
}

export async function register(deps: RegistrationDeps, slug: string, req: RegistrationBody, now = Date.now()): Promise<RegistrationResult> {
  const region = req.phoneRegion ?? DEFAULT_PHONE_REGION;
  if (!isPhoneRegion(region)) throw new DomainError('unprocessable', `phoneRegion "${region}" is not a known ISO 3166 country code.`);
  const holder = checkHolder(req, region);
  if (!holder.ok) throw new DomainError('unprocessable', holder.message);
  if (!holder.holder.email) throw new DomainError('unprocessable', 'An email address is required.');
  const email = holder.holder.email;

  const event = await asSystem(deps.db, (trx) => findPublicEvent(trx, slug));
  if (!event || event.status === 'draft') throw new DomainError('not_found', 'No such event.');
  const emailOn = Boolean(deps.config.smtpUrl);

  const outcome = await withTenant(deps.db, event.tenant_id, async (trx) => {
    await lockEventForRegistration(trx, event.id);
    // Settings read again under the lock: an organizer may have just closed registration.
    const settings = await findSettings(trx, event.id);
    const state = registrationState({ ...event, ...(settings ?? { ticket_type_id: null, enabled: null }) } as PublicEventRow, now);
    if (state === 'unavailable') throw new DomainError('not_found', 'This event has no open registration.');
    if (state !== 'open') throw new DomainError('gone', state === 'not_open_yet' ? 'Registration has not opened yet.' : 'Registration is closed.');

    const existing = await findValidTicketByEmail(trx, event.id, email);
    if (existing) {
      const last = await lastEmailSentAt(trx, existing.id);
      return { kind: 'existing' as const, ticketId: existing.id, recentlySent: last !== undefined && now - last.getTime() < RESEND_WINDOW_MS };
    }
    const counts = await countValid(trx, event.id, settings!.ticket_type_id);
    if (spotsLeft({ ...event, ticket_type_id: settings!.ticket_type_id }, counts) === 0) {
      throw new DomainError('capacity_reached', 'Sorry, this event is full.');
    }
    const [ticket] = await issueAndAnnounce(deps, trx, event.tenant_id, event.id, [{
      ticketTypeId: settings!.ticket_type_id, holderName: holder.holder.name, holderEmail: email, holderPhone: holder.holder.phone,
      language: languageOf(req.locale),
    }], { kind: 'attendee', id: null }, 'registration');
    return { kind: 'new' as const, ticketId: ticket!.id, link: ticket!.link };
  });

  if (!emailOn) {
    if (outcome.kind === 'new') return { status: 'registered', ticketUrl: outcome.link };
    throw new DomainError('already_exists', 'This email address is already registered for this event. Ask the organizer to send your ticket again.');
  }
  if (outcome.kind === 'existing' && outcome.recentlySent) return { status: 'check_email', email };
  try {
    await sendTicketEmail(deps, event.tenant_id, outcome.ticketId, { locale: req.locale ?? null });
  } catch (err) {
    deps.log.warn({ err, ticketId: outcome.ticketId }, 'registration email not sent');
    // The registration stands; registering again with the same address resends the ticket.
    throw new DomainError('unavailable', 'We could not send your ticket email just now. Please try again in a few minutes.');
  }
  if (outcome.kind === 'existing') {
    await withTenant(deps.db, event.tenant_id, (trx) => audit(trx, {
      tenantId: event.tenant_id, actorKind: 'attendee', actorId: null, action: 'ticket.resent', subjectId: outcome.ticketId,
      detail: { eventId: event.id, via: 'registration' },
    }));
  }
  return { status: 'check_email', email };
}

// ----- organizer side -----

export async function configureRegistration(
  deps: RegistrationDeps, tenantId: string, eventId: string, actorId: string | null, actorKind: 'staff' | 'api_key',
  input: RegistrationSettingsBody,
): Promise<RegistrationSettings> {
  const opensAt = input.opensAt ? new Date(input.opensAt) : null;
  const closesAt = input.closesAt ? new Date(input.closesAt) : null;
  if (opensAt && closesAt && closesAt <= opensAt) throw new DomainError('unprocessable', 'closesAt must be after opensAt.');
  return withTenant(deps.db, tenantId, async (trx) => {
    const event = await trx.selectFrom('events').select(['id', 'slug']).where('id', '=', eventId).executeTakeFirst();
    if (!event) throw new DomainError('not_found', 'No such event.');
    const type = await trx.selectFrom('ticket_types').select('id').where('id', '=', input.ticketTypeId).where('event_id', '=', eventId).executeTakeFirst();
    if (!type) throw new DomainError('unprocessable', 'ticketTypeId is not a ticket type of this event.');
    await upsertSettings(trx, { event_id: eventId, tenant_id: tenantId, ticket_type_id: type.id, enabled: input.enabled, opens_at: opensAt, closes_at: closesAt });
    await audit(trx, {
      tenantId, actorKind, actorId, action: 'registration.configured', subjectId: eventId,
      detail: { enabled: input.enabled, ticketTypeId: type.id },
    });
    return {
      enabled: input.enabled, ticketTypeId: type.id, opensAt: opensAt?.toISOString() ?? null, closesAt: closesAt?.toISOString() ?? null,
      url: `${deps.config.publicUrl}/e/${event.slug}/register`,
    };
  });
}

export async function readRegistrationSettings(deps: RegistrationDeps, tenantId: string, eventId: string): Promise<RegistrationSettings | null> {
  return withTenant(deps.db, tenantId, async (trx) => {
    const event = await trx.selectFrom('events').select('slug').where('id', '=', eventId).executeTakeFirst();
    if (!event) throw new DomainError('not_found', 'No such event.');
    const s = await findSettings(trx, eventId);
    if (!s) return null;
    return {
      enabled: s.enabled, ticketTypeId: s.ticket_type_id, opensAt: s.opens_at?.toISOString() ?? null,
      closesAt: s.closes_at?.toISOString() ?? null, url: `${deps.config.publicUrl}/e/${event.slug}/register`,
    };
  });
}
