import { randomUUID } from 'node:crypto';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { revokeStaffSessions } from '../auth/auth.service.ts';
import { hashPassword } from '../auth/password.ts';
import { hashSecret, looksLikeSecret, newSecret, sameBytes } from '../auth/secret-token.ts';
import { asSystem, type Trx } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { closeOpenSetupTokens, consumeSetupToken, insertSetupToken, setStaffPassword, type SetupPurpose } from './setup-link.repository.ts';

/**
 * One-time links where a person sets their own password: the first owner of an organizer (CLI or
 * sign-up, where it also confirms the email) and staff an owner or admin invites. The secret is in
 * the link's fragment (`#token=`), so it never reaches server logs or a Referer header; the
 * database holds only its SHA-256. A link works once, for 24 hours.
 */
export const SETUP_LINK_TTL_MS = 24 * 3600_000;
const LINK_PATH = '/console/set-password';
const NOT_VALID = 'This link is not valid: it has expired or was already used. Ask for a new one.';

export interface IssuedLink { url: string; expiresAt: Date }

/** Makes a link for a staff member in the caller's transaction (tenant or system). */
export async function issueSetupLink(trx: Trx, publicUrl: string, staff: { tenantId: string; staffId: string }, purpose: SetupPurpose, now = Date.now()): Promise<IssuedLink> {
  const secret = newSecret('password_setup');
  const expiresAt = new Date(now + SETUP_LINK_TTL_MS);
  await insertSetupToken(trx, { id: randomUUID(), tenant_id: staff.tenantId, staff_id: staff.staffId, token_hash: hashSecret(secret), purpose, expires_at: expiresAt });
  return { url: `${publicUrl}${LINK_PATH}#token=${secret}`, expiresAt };
}

/**
 * Redeems a link: sets the password, closes every other open link of the person and ends their
 * sessions (a reset must lock out whoever knew the old password). Unknown, used and expired links
 * get the same answer, after the same work.
 */
export async function redeemSetupLink(ctx: Pick<AppContext, 'db'>, token: string, password: string): Promise<{ email: string; tenantId: string }> {
  // Hashing first costs the same for a good and a bad link, and keeps the slow scrypt out of the transaction.
  const passwordHash = await hashPassword(password);
  if (!looksLikeSecret('password_setup', token)) throw new DomainError('gone', NOT_VALID);
  const tokenHash = hashSecret(token);
  return asSystem(ctx.db, async (trx) => {
    const link = await consumeSetupToken(trx, tokenHash);
    if (!link || !sameBytes(link.token_hash, tokenHash)) throw new DomainError('gone', NOT_VALID);
    const staff = await setStaffPassword(trx, link.staff_id, passwordHash);
    if (!staff) throw new DomainError('gone', NOT_VALID);
    await closeOpenSetupTokens(trx, link.staff_id);
    await revokeStaffSessions(trx, link.staff_id);
    await audit(trx, { tenantId: link.tenant_id, actorKind: 'staff', actorId: link.staff_id, action: 'staff.password_set', subjectId: link.staff_id, detail: { via: link.purpose } });
    return { email: staff.email, tenantId: staff.tenant_id };
  });
}
