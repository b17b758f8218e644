import { randomBytes, randomUUID } from 'node:crypto';
import type { Organizer, OrganizerPatch } from '../../contracts/organizer.contract.ts';
import { audit } from '../audit/audit.ts';
import { hashPassword, unmatchableHash } from '../auth/password.ts';
import { asSystem, withTenant, type Db } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { DomainError } from '../shared/domain-error.ts';
import { checkTimeZone } from '../shared/time-zone.ts';
import { emailTaken, findOrganizer, insertOrganizer, insertOwner, slugTaken, updateOrganizer, type OrganizerRow } from './organizers.repository.ts';
import { issueSetupLink, type IssuedLink } from './setup-link.service.ts';

/**
 * Organizers (tenants) and their first owner. One creation path for the CLI (`karibu org create`),
 * self-service sign-up and the demo: the organizer, its owner and — unless a password is given —
 * a one-time link where the owner sets one, all in one transaction.
 */

export function organizerView(r: OrganizerRow): Organizer {
  return { id: r.id, name: r.name, slug: r.slug, defaultLanguage: r.default_locale, defaultTimezone: r.default_timezone };
}

export interface NewOrganizer {
  name: string;
  ownerEmail: string;
  ownerName?: string | undefined;
  /** Set the owner's password now; without it the answer carries a setup link. */
  password?: string | undefined;
  defaultLanguage?: string | undefined;
  defaultTimezone?: string | undefined;
}

export interface OrganizerCreated {
  organizer: Organizer;
  owner: { id: string; email: string; displayName: string };
  setupLink: IssuedLink | null;
}

/** 'owner' (CLI, sign-up without email) or 'signup' (the link also confirms the email). */
export type CreationKind = 'owner' | 'signup';

/** A URL-safe slug from the name, made unique with a short random suffix when taken. */
async function freeSlug(trx: Parameters<typeof slugTaken>[0], name: string): Promise<string> {
  const base = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50) || 'organizer';
  if (!(await slugTaken(trx, base))) return base;
  for (;;) {
    const slug = `${base}-${randomBytes(3).toString('hex')}`;
    if (!(await slugTaken(trx, slug))) return slug;
  }
}

/**
 * Creates an organizer and its owner. `beforeCommit` runs inside the transaction with the result
 * (sign-up mails the link there, so a mail server that refuses leaves nothing behind).
 */
export async function createOrganizer(
  deps: { db: Db; config: { publicUrl: string } }, input: NewOrganizer, kind: CreationKind = 'owner',
  beforeCommit?: (created: OrganizerCreated) => Promise<void>,
): Promise<OrganizerCreated> {
  const name = input.name.trim();
  if (!name) throw new DomainError('validation_failed', 'name must not be blank.');
  const email = input.ownerEmail.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new DomainError('validation_failed', 'ownerEmail is not an email address.');
  const displayName = (input.ownerName ?? '').trim() || email.split('@')[0]!;
  const language = input.defaultLanguage ?? 'en';
  const timezone = checkTimeZone(input.defaultTimezone ?? 'Africa/Lagos', 'defaultTimezone');
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : unmatchableHash();
  try {
    return await asSystem(deps.db, async (trx) => {
      if (await emailTaken(trx, email)) throw new DomainError('already_exists', 'An account with this email exists; sign in instead, or use another email.');
      const row: OrganizerRow = { id: randomUUID(), name, slug: await freeSlug(trx, name), default_locale: language, default_timezone: timezone };
      const ownerId = randomUUID();
      await insertOrganizer(trx, row);
      await insertOwner(trx, { id: ownerId, tenant_id: row.id, email, display_name: displayName, password_hash: passwordHash, locale: language });
      const setupLink = input.password === undefined ? await issueSetupLink(trx, deps.config.publicUrl, { tenantId: row.id, staffId: ownerId }, kind) : null;
      await audit(trx, { tenantId: row.id, actorKind: 'system', actorId: null, action: 'organizer.created', subjectId: row.id, detail: { ownerId, via: kind } });
      const created: OrganizerCreated = { organizer: organizerView(row), owner: { id: ownerId, email, displayName }, setupLink };
      await beforeCommit?.(created);
      return created;
    });
  } catch (err) {
    // Two sign-ups with one email at once: the unique index decides, with the same answer.
    if (/staff_email_key/.test(String((err as Error).message))) throw new DomainError('already_exists', 'An account with this email exists; sign in instead, or use another email.');
    throw err;
  }
}

export async function getOrganizer(db: Db, caller: Pick<Caller, 'tenantId'>): Promise<Organizer> {
  const row = await withTenant(db, caller.tenantId, (trx) => findOrganizer(trx, caller.tenantId));
  if (!row) throw new DomainError('not_found', 'No such organizer.');
  return organizerView(row);
}

export async function updateOrganizerOf(db: Db, caller: Caller, patch: OrganizerPatch): Promise<Organizer> {
  const set: Partial<Omit<OrganizerRow, 'id' | 'slug'>> = {};
  if (patch.name !== undefined) {
    set.name = patch.name.trim();
    if (!set.name) throw new DomainError('validation_failed', 'name must not be blank.');
  }
  if (patch.defaultLanguage !== undefined) set.default_locale = patch.defaultLanguage;
  if (patch.defaultTimezone !== undefined) set.default_timezone = checkTimeZone(patch.defaultTimezone, 'defaultTimezone');
  return withTenant(db, caller.tenantId, async (trx) => {
    const current = await findOrganizer(trx, caller.tenantId);
    if (!current) throw new DomainError('not_found', 'No such organizer.');
    if (Object.keys(set).length) {
      await updateOrganizer(trx, caller.tenantId, set);
      await audit(trx, { tenantId: caller.tenantId, ...caller.actor, action: 'organizer.updated', subjectId: caller.tenantId, detail: { ...caller.actor.detail, fields: Object.keys(set) } });
    }
    return organizerView({ ...current, ...set });
  });
}
