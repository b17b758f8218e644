import type { SetupLink } from '../../contracts/organizer.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { findOrganizer, findStaffMember } from '../organizers/organizers.repository.ts';
import { sendSetupEmail } from '../organizers/setup-email.ts';
import { issueSetupLink } from '../organizers/setup-link.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { assertMayManage } from './staff.service.ts';

/**
 * A one-time link for a staff member to set their own password (an invitation, or a reset), the
 * same kind of link `karibu org create` prints for a first owner. Shown once in the answer; with
 * `send`, also emailed to the person (the link is created only if the mail server accepts it).
 */
export async function createStaffSetupLink(ctx: Pick<AppContext, 'db' | 'config'>, principal: Principal, staffId: string, options: { send?: boolean | undefined }): Promise<SetupLink> {
  if (options.send && !ctx.config.smtpUrl) throw new DomainError('not_configured', 'Email is not configured on this server (SMTP_URL is not set): leave out send and pass the link on yourself.');
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const staff = await findStaffMember(trx, staffId);
    if (!staff) throw new DomainError('not_found', 'No such staff member.');
    assertMayManage(principal, [staff.role]);
    if (!staff.active) throw new DomainError('conflict', 'This account is deactivated; reactivate it (PATCH active: true) before sending a link.');
    const link = await issueSetupLink(trx, ctx.config.publicUrl, { tenantId: principal.tenantId, staffId }, 'invite');
    const actor = actorOf(principal);
    await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'staff.setup_link_created', subjectId: staffId, detail: { ...actor.detail, emailed: options.send === true } });
    if (options.send) {
      const organizer = await findOrganizer(trx, principal.tenantId);
      await sendSetupEmail(ctx.config, {
        to: { name: staff.display_name, address: staff.email }, organizer: organizer?.name ?? 'Karibu', url: link.url, kind: 'invite',
        locale: staff.locale ?? organizer?.default_locale ?? null,
      });
    }
    return { url: link.url, expiresAt: link.expiresAt.toISOString(), emailed: options.send === true };
  });
}
