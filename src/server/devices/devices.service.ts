import type { Device } from '../../contracts/devices.contract.ts';
import { reportView, type ReportColumns } from './device-report.ts';
import { manifestBacklog } from './device-report.repository.ts';
import { randomInt, randomUUID } from 'node:crypto';
import { HUMAN_CODE_ALPHABET } from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import { audit } from '../audit/audit.ts';
import { actorOf } from '../auth/principal.ts';
import { revokeDeviceSessions } from '../auth/auth.service.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { hashSecret, newSecret } from '../auth/secret-token.ts';
import { asSystem, withTenant } from '../db/database.ts';
import { venueGatesForDoors } from '../venues/gates.repository.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * Door phones and kiosks. A manager makes a one-time setup code for a venue (shown as a QR in the
 * console); the phone redeems it once for a long-lived device token, stored hashed. Revoking a
 * device ends its sessions and — because every request checks the device row live — stops its
 * very next scan.
 */
export const SETUP_CODE_TTL_MS = 15 * 60_000;
const SETUP_CODE_GROUPS = 3;

export type DeviceKind = 'door' | 'kiosk';

export type DeviceView = Device;

/** 12 characters from the human-code alphabet (no 0/O/1/I/L), ~59 bits: typed or scanned once, within minutes. */
function makeSetupCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < SETUP_CODE_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < 4; i++) group += HUMAN_CODE_ALPHABET[randomInt(HUMAN_CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Canonical form of a typed setup code: uppercase, separators and spaces dropped. */
export function normalizeSetupCode(input: string): string {
  return input.toUpperCase().replace(/[\s\-_.]/g, '');
}

export async function createSetupCode(
  ctx: AppContext, principal: Principal, venueId: string, input: { name?: string | undefined; kind?: DeviceKind | undefined },
): Promise<{ setupCode: string; qrText: string; expiresAt: string; venueId: string; kind: DeviceKind }> {
  const code = makeSetupCode();
  const expiresAt = new Date(Date.now() + SETUP_CODE_TTL_MS);
  const kind = input.kind ?? 'door';
  await withTenant(ctx.db, principal.tenantId, async (trx) => {
    await trx.insertInto('device_setup_codes').values({
      id: randomUUID(), tenant_id: principal.tenantId, venue_id: venueId, code_hash: hashSecret(normalizeSetupCode(code)),
      name: input.name ?? null, kind, created_by: principal.kind === 'staff' ? principal.staffId : null, expires_at: expiresAt,
    }).execute();
    const actor = actorOf(principal);
    await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'device.setup_code_created', subjectId: venueId, detail: { ...actor.detail, kind } });
  });
  // The scanner opens this URL when the phone's camera reads the QR, and pairs at once.
  const qrText = `${ctx.config.publicUrl}/scan#pair=${code}`;
  return { setupCode: code, qrText, expiresAt: expiresAt.toISOString(), venueId, kind };
}

/** Redeems a setup code (once, before it expires) for a new device and its token. */
export async function pairDevice(
  ctx: AppContext, input: { setupCode: string; name?: string | undefined },
): Promise<{ deviceToken: string; device: DeviceView }> {
  const hash = hashSecret(normalizeSetupCode(input.setupCode));
  const deviceId = randomUUID();
  // Claiming the code and creating the device is one system transaction: a code pairs one device.
  const created = await asSystem(ctx.db, async (trx) => {
    const code = await trx.updateTable('device_setup_codes').set({ used_at: new Date(), device_id: deviceId })
      .where('code_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', new Date())
      .returning(['tenant_id', 'venue_id', 'kind', 'name', 'created_by']).executeTakeFirst();
    if (!code) return undefined;
    const token = newSecret('device');
    const name = input.name?.trim() || code.name || `Door phone ${deviceId.slice(0, 4).toUpperCase()}`;
    const row = await trx.insertInto('devices').values({
      id: deviceId, tenant_id: code.tenant_id, venue_id: code.venue_id, name, kind: code.kind,
      token_hash: hashSecret(token), created_by: code.created_by,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(trx, { tenantId: code.tenant_id, actorKind: 'device', actorId: deviceId, action: 'device.paired', subjectId: deviceId, detail: { venueId: code.venue_id, kind: code.kind } });
    return { token, row };
  });
  if (!created) throw new DomainError('not_found', 'This setup code is unknown, already used or expired. Ask a manager for a new one.');
  return { deviceToken: created.token, device: toView(created.row) };
}

export async function listDevices(ctx: AppContext, principal: Principal, filter: { venueId?: string | undefined }): Promise<DeviceView[]> {
  const rows = await withTenant(ctx.db, principal.tenantId, (trx) => {
    let q = trx.selectFrom('devices').selectAll().orderBy('created_at', 'desc');
    if (filter.venueId) q = q.where('venue_id', '=', filter.venueId);
    return q.execute();
  });
  // A manager confined to some venues sees only their devices.
  const scopes: Scope[] | 'all' = principal.kind === 'staff' ? principal.scopes : 'all';
  const visible = scopes === 'all' ? rows : rows.filter((r) => scopes.some((s) => s.venueId === r.venue_id));
  const backlog = visible.length === 0 ? new Map<string, number>() : await withTenant(ctx.db, principal.tenantId, (trx) => manifestBacklog(trx, visible));
  return visible.map((r) => toView(r, backlog.get(r.id)));
}

export async function revokeDevice(ctx: AppContext, principal: Principal, deviceId: string): Promise<DeviceView> {
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const row = await trx.updateTable('devices')
      .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(new Date())), revoked_by: principal.kind === 'staff' ? principal.staffId : null }))
      .where('id', '=', deviceId).returningAll().executeTakeFirst();
    if (!row) throw new DomainError('not_found', 'Not found.');
    await revokeDeviceSessions(trx, deviceId);
    const actor = actorOf(principal);
    await audit(trx, { tenantId: principal.tenantId, ...actor, action: 'device.revoked', subjectId: deviceId });
    return toView(row);
  });
}

export interface DeviceHome {
  device: DeviceView;
  venue: { id: string; name: string; timezone: string };
  events: { id: string; name: string; startsAt: string; endsAt: string; doorsOpenAt: string }[];
  gates: { id: string; name: string; zone: string }[];
}

/** What a door phone needs to start: its venue, the venue's current and coming events, the gates. */
export async function deviceHome(ctx: AppContext, principal: Principal): Promise<DeviceHome> {
  if (principal.kind !== 'staff' || !principal.device) throw new DomainError('forbidden', 'This session is not on a paired device.');
  const deviceId = principal.device.id;
  const since = new Date(Date.now() - 24 * 3600_000);
  return withTenant(ctx.db, principal.tenantId, async (trx) => {
    const device = await trx.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirstOrThrow();
    const venue = await trx.selectFrom('venues').select(['id', 'name', 'timezone']).where('id', '=', device.venue_id).executeTakeFirstOrThrow();
    const events = await trx.selectFrom('events').select(['id', 'name', 'starts_at', 'ends_at', 'doors_open_at'])
      .where('venue_id', '=', device.venue_id).where('ends_at', '>', since).where('status', '=', 'published').orderBy('starts_at').limit(50).execute();
    const gates = await venueGatesForDoors(trx, device.venue_id);
    const scopes = principal.scopes;
    const allowed = scopes === 'all' ? events : events.filter((e) => scopes.some((s) => s.venueId === venue.id && (s.eventId === null || s.eventId === e.id)));
    return {
      device: toView(device), venue,
      events: allowed.map((e) => ({ id: e.id, name: e.name, startsAt: e.starts_at.toISOString(), endsAt: e.ends_at.toISOString(), doorsOpenAt: e.doors_open_at.toISOString() })),
      gates,
    };
  });
}

type DeviceRow = ReportColumns & {
  id: string; venue_id: string; name: string; kind: DeviceKind; created_at: Date; last_seen_at: Date | null; revoked_at: Date | null;
  allow_offline_names: boolean;
};

function toView(r: DeviceRow, changedSince?: number): DeviceView {
  return {
    id: r.id, venueId: r.venue_id, name: r.name, kind: r.kind, createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at?.toISOString() ?? null, revokedAt: r.revoked_at?.toISOString() ?? null,
    allowOfflineNames: r.allow_offline_names, report: reportView(r, Date.now(), changedSince),
  };
}

/**
 * Pairs a device directly, without a setup code (demo, CLI, benchmarks): any earlier device of the
 * same name at the venue is revoked, so re-running the demo leaves one working phone.
 */
export async function provisionDevice(
  ctx: Pick<AppContext, 'db'>, tenantId: string, venueId: string, name: string, kind: DeviceKind = 'door',
): Promise<{ deviceToken: string; deviceId: string }> {
  const token = newSecret('device');
  const id = randomUUID();
  await withTenant(ctx.db, tenantId, async (trx) => {
    const old = await trx.updateTable('devices').set({ revoked_at: new Date() })
      .where('venue_id', '=', venueId).where('name', '=', name).where('revoked_at', 'is', null).returning('id').execute();
    for (const o of old) await revokeDeviceSessions(trx, o.id);
    await trx.insertInto('devices').values({ id, tenant_id: tenantId, venue_id: venueId, name, kind, token_hash: hashSecret(token) }).execute();
    await audit(trx, { tenantId, actorKind: 'system', actorId: null, action: 'device.paired', subjectId: id, detail: { venueId, kind } });
  });
  return { deviceToken: token, deviceId: id };
}
