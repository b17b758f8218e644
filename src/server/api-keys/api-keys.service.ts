import { randomUUID } from 'node:crypto';
import type { ApiKey, ApiKeyCreated } from '../../contracts/api-keys.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import type { Principal } from '../auth/principal.ts';
import { hashSecret, newSecret } from '../auth/secret-token.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * API keys for integrations (a ticketing system issuing tickets): tenant-scoped, stored as SHA-256,
 * the full key shown once at creation. Sent as `x-api-key`; the guard checks the key row on every
 * request, so revocation is immediate.
 */

export async function createApiKey(ctx: AppContext, principal: Principal, name: string): Promise<ApiKeyCreated> {
  const key = newSecret('api_key');
  const id = randomUUID();
  const row = await withTenant(ctx.db, principal.tenantId, async (trx) => {
    const created = await trx.insertInto('api_keys').values({
      id, tenant_id: principal.tenantId, name: name.trim(), prefix: key.slice(0, 10), key_hash: hashSecret(key),
      created_by: principal.kind === 'staff' ? principal.staffId : null,
    }).returningAll().executeTakeFirstOrThrow();
    const actor = actorOf(principal);
    await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'api_key.created', subjectId: id });
    return created;
  });
  return { ...toView(row), key };
}

export async function listApiKeys(ctx: AppContext, principal: Principal): Promise<ApiKey[]> {
  const rows = await withTenant(ctx.db, principal.tenantId, (trx) => trx.selectFrom('api_keys').selectAll().orderBy('created_at', 'desc').execute());
  return rows.map(toView);
}

export async function revokeApiKey(ctx: AppContext, principal: Principal, id: string): Promise<void> {
  await withTenant(ctx.db, principal.tenantId, async (trx) => {
    const row = await trx.updateTable('api_keys').set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())) }))
      .where('id', '=', id).returning('id').executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'Not found.');
    const actor = actorOf(principal);
    await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'api_key.revoked', subjectId: id });
  });
}

function toView(r: { id: string; name: string; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null }): ApiKey {
  return {
    id: r.id, name: r.name, prefix: r.prefix, createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
  };
}
