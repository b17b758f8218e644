import type { Static } from 'typebox';
import type { DeviceReport, DeviceReportBody } from '../../contracts/devices.contract.ts';
import type { AppContext } from '../app-context.ts';
import type { Principal } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * A door phone's report about itself. The one rule for "this phone needs a look": it said scans
 * were waiting and has not synced since for ATTENTION_AFTER_MS — offline, flat, or stuck — so
 * entries it admitted are missing from every count. The device list and the dashboard both ask it.
 */
export const ATTENTION_AFTER_MS = 5 * 60_000;

export interface ReportColumns {
  app_version: string | null;
  pending_scans: number | null;
  battery_level: number | null;
  battery_charging: boolean | null;
  reported_at: Date | null;
  manifest_event_id: string | null;
  manifest_position: string | number | null;
}

export function needsAttention(r: Pick<ReportColumns, 'pending_scans' | 'reported_at'>, now: number): boolean {
  return (r.pending_scans ?? 0) > 0 && r.reported_at !== null && now - r.reported_at.getTime() >= ATTENTION_AFTER_MS;
}

/**
 * `changedSince`: tickets changed after the phone's manifest position (device-report.repository.ts
 * manifestBacklog), when counted; a reported position without a count is shown as 0 changed.
 */
export function reportView(r: ReportColumns, now = Date.now(), changedSince?: number): Static<typeof DeviceReport> {
  return {
    appVersion: r.app_version,
    pendingScans: r.pending_scans,
    battery: r.battery_level === null ? null : { level: r.battery_level, charging: r.battery_charging ?? false },
    reportedAt: r.reported_at?.toISOString() ?? null,
    needsAttention: needsAttention(r, now),
    manifest: r.manifest_event_id === null || r.manifest_position === null ? null
      : { eventId: r.manifest_event_id, position: Number(r.manifest_position), changedSince: changedSince ?? 0 },
  };
}

/** Stores what the signed-in phone says about itself. */
export async function recordDeviceReport(ctx: AppContext, principal: Principal, body: DeviceReportBody): Promise<void> {
  if (principal.kind !== 'staff' || !principal.device) throw new DomainError('forbidden', 'This session is not on a paired device.');
  const deviceId = principal.device.id;
  await withTenant(ctx.db, principal.tenantId, (trx) => trx.updateTable('devices').set({
    app_version: body.appVersion,
    pending_scans: body.pendingScans,
    battery_level: body.battery?.level ?? null,
    battery_charging: body.battery?.charging ?? null,
    manifest_event_id: body.manifest?.eventId ?? null,
    manifest_position: body.manifest?.position ?? null,
    reported_at: new Date(),
    last_seen_at: new Date(),
  }).where('id', '=', deviceId).execute());
}
