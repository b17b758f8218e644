import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * The per-device permission to hold the guest names in clear for offline name search
 * (devices.allow_offline_names). Kiosks never may: they are unattended and attendee-facing.
 * The manifest notices the change through its cursor and re-sends a snapshot with or without names.
 */
export async function setOfflineNames(
  ctx: Pick<AppContext, 'db'>, principal: Principal, deviceId: string, allowed: boolean,
): Promise<{ deviceId: string; allowOfflineNames: boolean }> {
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const device = await trx.selectFrom('devices').select(['id', 'kind', 'revoked_at']).where('id', '=', deviceId).executeTakeFirst();
    if (!device) throw new DomainError('not_found', 'Not found.');
    if (allowed && device.kind === 'kiosk') throw new DomainError('unprocessable', 'Kiosks never hold guest names.');
    if (allowed && device.revoked_at) throw new DomainError('unprocessable', 'This device is revoked.');
    await trx.updateTable('devices').set({ allow_offline_names: allowed }).where('id', '=', deviceId).execute();
    const actor = actorOf(principal);
    await audit(trx, {
      tenantId: principal.tenantId, actorKind: actor.actorKind, actorId: actor.actorId,
      action: allowed ? 'device.offline_names_allowed' : 'device.offline_names_withdrawn', subjectId: deviceId, detail: actor.detail,
    });
    return { deviceId, allowOfflineNames: allowed };
  });
}
