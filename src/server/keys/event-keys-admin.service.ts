import type { EventKeysAnswer } from '../../contracts/event-keys.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import type { Caller } from '../auth/caller.ts';
import { DomainError } from '../shared/domain-error.ts';
import { findKeyByKid, listKeyHistory, validTicketsSignedBy } from './event-keys.repository.ts';

/**
 * Rotating and revoking an event's signing keys. After a rotation new tickets are signed with the
 * new key and every earlier QR keeps working (its key is "retired": it still verifies). Revoking a
 * key refuses its tickets everywhere with revoked_key: online at once (the scan reads the key's
 * status live), on door phones with their next manifest delta (every page lists the keys).
 *
 * Revoking the active key rotates first, in the same transaction: a compromised key is stopped in
 * one call, and the event always has a key to sign with. Tickets signed by a revoked key must be
 * issued again (transfer) to be usable; the answer says how many there are.
 */

async function lockEvent(trx: Trx, eventId: string): Promise<void> {
  // Rotations and revocations of one event take turns (one active key at a time).
  const event = await trx.selectFrom('events').select('id').where('id', '=', eventId).forUpdate().executeTakeFirst();
  if (!event) throw new DomainError('not_found', 'No such event.');
}

async function answer(trx: Trx, eventId: string, extra: Partial<EventKeysAnswer> = {}): Promise<EventKeysAnswer> {
  const keys = await listKeyHistory(trx, eventId);
  const active = keys.find((k) => k.status === 'active');
  return {
    activeKid: Number(active?.kid ?? 0),
    keys: keys.map((k) => ({
      kid: Number(k.kid), status: k.status, createdAt: k.created_at.toISOString(),
      retiredAt: k.retired_at?.toISOString() ?? null, revokedAt: k.revoked_at?.toISOString() ?? null,
    })),
    ...extra,
  };
}

export async function rotateEventKey(ctx: AppContext, caller: Caller, eventId: string): Promise<EventKeysAnswer> {
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    await lockEvent(trx, eventId);
    const { kid, retiredKid } = await ctx.keys.rotateKey(trx, caller.tenantId, eventId);
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'event.key_rotated', subjectId: eventId, detail: { ...actor.detail, kid, retiredKid } });
    return answer(trx, eventId);
  });
}

export async function revokeEventKey(ctx: AppContext, caller: Caller, eventId: string, kid: number): Promise<EventKeysAnswer> {
  return withTenant(ctx.db, caller.tenantId, async (trx) => {
    await lockEvent(trx, eventId);
    // A path of "1e309" arrives as Infinity, past the schema's maximum.
    const key = Number.isSafeInteger(kid) ? await findKeyByKid(trx, kid) : undefined;
    // Not the guard's "No such resource.": the event exists; this key is not one of its keys.
    if (!key || key.event_id !== eventId) throw new DomainError('not_found', `No key ${kid} for this event.`);
    if (key.status === 'revoked') throw new DomainError('conflict', `Key ${kid} is already revoked.`);
    const rotated = key.status === 'active' ? await ctx.keys.rotateKey(trx, caller.tenantId, eventId) : null;
    await ctx.keys.revokeKey(trx, eventId, kid);
    const affected = await validTicketsSignedBy(trx, eventId, kid);
    const actor = caller.actor;
    await audit(trx, { tenantId: caller.tenantId, ...actor, action: 'event.key_revoked', subjectId: eventId,
      detail: { ...actor.detail, kid, ticketsAffected: affected, ...(rotated ? { rotatedTo: rotated.kid } : {}) } });
    return answer(trx, eventId, { ticketsAffected: affected });
  });
}
