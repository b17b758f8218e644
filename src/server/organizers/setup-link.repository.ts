import { sql } from 'kysely';
import type { Trx } from '../db/database.ts';

/** SQL of password-setup links (table password_setup_tokens; only the secret's SHA-256 is stored). */

export type SetupPurpose = 'owner' | 'signup' | 'invite';

export async function insertSetupToken(trx: Trx, row: { id: string; tenant_id: string; staff_id: string; token_hash: Uint8Array; purpose: SetupPurpose; expires_at: Date }): Promise<void> {
  await trx.insertInto('password_setup_tokens').values(row).execute();
}

/**
 * Uses a link: marks it used and returns whose it is — in one statement, so two redemptions
 * racing with one link cannot both succeed. Undefined when no unused, unexpired link has this hash.
 * Runs as the system role: the link is the only credential, its tenant is not known before.
 */
export async function consumeSetupToken(trx: Trx, tokenHash: Uint8Array): Promise<{ tenant_id: string; staff_id: string; purpose: SetupPurpose; token_hash: Uint8Array } | undefined> {
  return trx.updateTable('password_setup_tokens').set({ used_at: sql`now()` })
    .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
    .returning(['tenant_id', 'staff_id', 'purpose', 'token_hash']).executeTakeFirst();
}

/** The other open links of the person: a password once set closes them all. */
export async function closeOpenSetupTokens(trx: Trx, staffId: string): Promise<void> {
  await trx.updateTable('password_setup_tokens').set({ used_at: sql`now()` }).where('staff_id', '=', staffId).where('used_at', 'is', null).execute();
}

export async function setStaffPassword(trx: Trx, staffId: string, passwordHash: string): Promise<{ email: string; tenant_id: string } | undefined> {
  return trx.updateTable('staff').set({ password_hash: passwordHash }).where('id', '=', staffId).where('active', '=', true)
    .returning(['email', 'tenant_id']).executeTakeFirst();
}
