import { Type } from 'typebox';
import { Uuid } from '../../contracts/common.contract.ts';
import { Device, DeviceHome, DeviceList, DeviceListQuery, DeviceReportBody, PairAnswer, PairBody, SetupCodeAnswer, SetupCodeBody } from '../../contracts/devices.contract.ts';
import type { Feature } from '../app-context.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { createSetupCode, deviceHome, listDevices, pairDevice, revokeDevice } from './devices.service.ts';
import { recordDeviceReport } from './device-report.ts';
import { ERROR_RESPONSE as errorResponse, errorResponses } from '../http/api-error.ts';

const errors = errorResponses(400, 401, 403, 404, 429);
/** Pairing door phones and kiosks, listing and revoking them. */
export const devicesFeature: Feature = {
  name: 'devices',
  async register(app, ctx) {
    installAuth(app, ctx);

    app.post('/api/v1/venues/:venueId/device-setup-codes', {
      schema: {
        operationId: 'createDeviceSetupCode', tags: ['devices'],
        summary: 'Make a one-time setup code (and the text of its QR) that pairs a new device to this venue',
        description: `Valid for 15 minutes, once. Show \`qrText\` as a QR code: the scanner app pairs when its camera reads it.`,
        params: Type.Object({ venueId: Uuid }),
        body: SetupCodeBody,
        response: {
          201: SetupCodeAnswer,
          ...errors,
        },
      },
      config: { auth: { action: 'device:manage', resource: 'venue' } },
    }, async (request, reply) => {
      const result = await createSetupCode(ctx, principalOf(request), request.params.venueId, request.body);
      return reply.code(201).send(result);
    });

    app.post('/api/v1/devices/pair', {
      schema: {
        operationId: 'pairDevice', tags: ['devices'],
        summary: 'Redeem a setup code for a device token (shown once; the phone keeps it)',
        body: PairBody,
        response: { 201: PairAnswer, 400: errorResponse, 404: errorResponse, 429: errorResponse },
      },
      // Setup codes are short-lived and ~59 bits; this per-address limit makes guessing pointless.
      config: { auth: 'public', rateLimit: { max: 10, timeWindow: 60_000 } },
    }, async (request, reply) => reply.code(201).send(await pairDevice(ctx, request.body)));

    app.get('/api/v1/devices', {
      schema: {
        operationId: 'listDevices', tags: ['devices'], summary: 'Paired devices (revoked ones included), newest first',
        querystring: DeviceListQuery,
        response: { 200: DeviceList, ...errors },
      },
      config: { auth: { action: 'device:manage' } },
    }, async (request) => ({ devices: await listDevices(ctx, principalOf(request), request.query) }));

    app.post('/api/v1/devices/:deviceId/revoke', {
      schema: {
        operationId: 'revokeDevice', tags: ['devices'],
        summary: 'Revoke a device: its sessions end and its next scan is refused',
        params: Type.Object({ deviceId: Uuid }),
        response: { 200: Device, ...errors },
      },
      config: { auth: { action: 'device:manage', resource: 'device' } },
    }, async (request) => revokeDevice(ctx, principalOf(request), request.params.deviceId));

    app.get('/api/v1/devices/me', {
      schema: {
        operationId: 'getCurrentDevice', tags: ['devices'],
        summary: 'The signed-in device: its venue, the venue’s current and coming events, and the gates',
        response: {
          200: DeviceHome,
          ...errors,
        },
      },
      config: { auth: { action: 'device:self' } },
    }, async (request) => deviceHome(ctx, principalOf(request)));

    app.post('/api/v1/devices/me/report', {
      schema: {
        operationId: 'reportDevice', tags: ['devices'],
        summary: 'The signed-in phone says how it is: app version, scans waiting, battery (after each sync round that worked)',
        body: DeviceReportBody,
        response: { 204: Type.Null(), ...errors },
      },
      config: { auth: { action: 'device:self' } },
    }, async (request, reply) => {
      await recordDeviceReport(ctx, principalOf(request), request.body);
      return reply.code(204).send(null);
    });
  },
};
