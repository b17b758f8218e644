import { Type } from 'typebox';
import { Uuid } from '../../contracts/common.contract.ts';
import { Conflict, ManifestPage, ManifestQuery, UploadAnswer, UploadBody } from '../../contracts/sync.contract.ts';
import type { Feature } from '../app-context.ts';
import type { StaffPrincipal } from '../auth/principal.ts';
import { sendError, errorResponses } from '../http/api-error.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import type { ScanInput } from '../judging/scan-input.ts';
import { LockoutRefusal } from '../judging/lockout-refusal.ts';
import { DomainError } from '../shared/domain-error.ts';
import { installCompression } from './compression.ts';
import { listConflicts, MAX_CONFLICTS, resolveConflict } from './conflicts.service.ts';
import { setOfflineNames } from './device-names.service.ts';
import { buildManifestPage } from './manifest.service.ts';
import { uploadScans } from './upload.service.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 413, 429, 503);
const instant = (v: number | string): number => (typeof v === 'number' ? v : Date.parse(v));

function inputOf(s: { qr?: string | undefined; code?: string | undefined; pin?: string | undefined; serial?: number | undefined }, i: number): ScanInput {
  const given = [s.qr, s.code, s.pin, s.serial].filter((v) => v !== undefined).length;
  if (given !== 1) throw new DomainError('validation_failed', `body.scans.${i}: send exactly one of qr, code, pin or serial.`);
  if (s.qr !== undefined) return { kind: 'qr', qr: s.qr };
  if (s.code !== undefined) return { kind: 'code', code: s.code };
  if (s.serial !== undefined) return { kind: 'serial', serial: s.serial };
  return { kind: 'pin', pin: s.pin! };
}

function gateOf(s: { gateId?: string | undefined; sessionId?: string | undefined }, i: number): string {
  if (s.gateId === undefined && s.sessionId === undefined) throw new DomainError('validation_failed', `body.scans.${i}: send gateId, or sessionId for a session scan.`);
  return s.gateId ?? '';
}

function deviceSession(request: Parameters<typeof principalOf>[0]): StaffPrincipal & { device: NonNullable<StaffPrincipal['device']> } {
  const p = principalOf(request);
  // The guard already refused sessions without a device (manifest:read and sync:upload are device actions).
  if (p.kind !== 'staff' || !p.device) throw new DomainError('forbidden', 'This needs a paired door device.');
  return p as StaffPrincipal & { device: NonNullable<StaffPrincipal['device']> };
}

/** Offline sync: manifests for door phones, batch upload of offline scans, conflicts review. */
export const syncFeature: Feature = {
  name: 'sync',
  async register(app, ctx) {
    installAuth(app, ctx);
    installCompression(app);

    app.get('/api/v1/events/:eventId/manifest', {
      schema: {
        operationId: 'getManifest', tags: ['sync'],
        summary: 'Download the event for offline scanning: a snapshot or a delta since a cursor, one page at a time',
        description: 'Paired devices of the event\'s venue only. Compressed (br/gzip). Holder names are sealed per ticket (they open only with the ticket\'s QR). Send X-Device-Time (epoch ms) to have the clock offset measured. See docs/sync-protocol.md.',
        params: Type.Object({ eventId: Uuid }), querystring: ManifestQuery,
        headers: Type.Object({ 'x-device-time': Type.Optional(Type.Integer({ minimum: 0 })) }),
        response: { 200: ManifestPage, ...errors },
      },
      config: { auth: { action: 'manifest:read', resource: 'event' } },
    }, async (request) => {
      const p = deviceSession(request);
      return buildManifestPage(ctx, {
        tenantId: p.tenantId, eventId: request.params.eventId, device: p.device,
        since: request.query.since, limit: request.query.limit, format: request.query.format, deviceTime: request.headers['x-device-time'], receivedAt: Date.now(),
      });
    });

    app.post('/api/v1/events/:eventId/scans/batch', {
      schema: {
        operationId: 'uploadScans', tags: ['sync'],
        summary: 'Upload scans decided offline; each is recorded and replayed in corrected time order',
        description: 'Idempotent per scanId (a repeat answers duplicate with the first result). A scan names its ticket by qr, code or pin; by serial (picked by name offline) only from a door device allowed offline names (else 403). One batch is one transaction: a failed request committed nothing and is safe to retry. The clock offset is measured from sentAt.',
        params: Type.Object({ eventId: Uuid }), body: UploadBody,
        response: { 200: UploadAnswer, ...errors },
      },
      config: { auth: { action: 'sync:upload', resource: 'event' } },
    }, async (request, reply) => {
      const receivedAt = Date.now();
      const p = deviceSession(request);
      const { body } = request;
      try {
        return await uploadScans(ctx, {
          tenantId: p.tenantId, eventId: request.params.eventId, deviceId: p.device.id, staffId: p.staffId,
          sentAt: instant(body.sentAt), receivedAt,
          scans: body.scans.map((s, i) => ({
            scanId: s.scanId.toLowerCase(), input: inputOf(s, i), gateId: gateOf(s, i), direction: s.direction,
            ...(s.sessionId !== undefined ? { sessionId: s.sessionId.toLowerCase() } : {}),
            scannedAt: instant(s.scannedAt), verdict: s.verdict, reason: s.reason,
          })),
        });
      } catch (err) {
        // 429 like any busy answer: the phone keeps its scans and retries after Retry-After.
        if (err instanceof LockoutRefusal) return sendError(reply, err.code, err.message, { 'retry-after': String(err.retryAfterSeconds) });
        throw err;
      }
    });

    app.put('/api/v1/devices/:deviceId/offline-names', {
      schema: {
        operationId: 'setDeviceOfflineNames', tags: ['sync'],
        summary: 'Allow (or withdraw) the clear guest-name list for offline name search on one door device',
        description: 'Personal data in clear on the phone: off by default, never for kiosks. The device\'s next manifest sync starts a new snapshot with (or without) the names.',
        params: Type.Object({ deviceId: Uuid }),
        body: Type.Object({ allowed: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Type.Object({ deviceId: Uuid, allowOfflineNames: Type.Boolean() }), ...errors },
      },
      config: { auth: { action: 'device:manage', resource: 'device' } },
    }, async (request) => {
      const p = principalOf(request);
      return setOfflineNames(ctx, p, request.params.deviceId, request.body.allowed);
    });

    app.get('/api/v1/events/:eventId/conflicts', {
      schema: {
        operationId: 'listConflicts', tags: ['sync'],
        summary: 'Offline scans the server disagreed with (e.g. two phones admitted one ticket), oldest first',
        params: Type.Object({ eventId: Uuid }),
        querystring: Type.Object({
          status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('resolved'), Type.Literal('all')], { default: 'open' })),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_CONFLICTS, default: 200 })),
        }),
        response: { 200: Type.Object({ conflicts: Type.Array(Conflict) }), ...errors },
      },
      config: { auth: { action: 'conflict:review', resource: 'event' } },
    }, async (request) => {
      const p = principalOf(request);
      const conflicts = await listConflicts(ctx, p.tenantId, request.params.eventId, {
        status: request.query.status ?? 'open', limit: request.query.limit ?? 200,
      });
      return { conflicts };
    });

    app.post('/api/v1/events/:eventId/conflicts/:scanId/resolve', {
      schema: {
        operationId: 'resolveConflict', tags: ['sync'],
        summary: 'Close a conflict with a note (who, when and why are kept; counts do not change)',
        params: Type.Object({ eventId: Uuid, scanId: Uuid }),
        body: Type.Object({ note: Type.String({ minLength: 1, maxLength: 2000 }) }, { additionalProperties: false }),
        response: { 200: Conflict, ...errors },
      },
      config: { auth: { action: 'conflict:review', resource: 'event' } },
    }, async (request) => {
      const p = principalOf(request);
      const note = request.body.note.trim();
      if (note === '') throw new DomainError('validation_failed', 'body.note must not be blank.');
      return resolveConflict(ctx, p.tenantId, request.params.eventId, request.params.scanId,
        p.kind === 'staff' ? p.staffId : null, note);
    });
  },
};
