import { Type } from 'typebox';
import type { FastifyRequest } from 'fastify';
import type { Feature } from '../app-context.ts';
import { actorOf } from '../auth/principal.ts';
import { installAuth, principalOf } from '../auth/auth-guard.ts';
import { errorResponses } from '../http/api-error.ts';
import { EventParams } from '../../contracts/events.contract.ts';
import {
  DoorCodeAnswer, DoorCodeParams, SmsChannel, SmsChannelCreate, SmsChannelList, SmsChannelParams, SmsChannelPatch,
  SmsEventSettings, SmsEventSettingsView, SmsMessageList, SmsMessageQuery, SmsQueued, SmsTestBody,
} from '../../contracts/sms.contract.ts';
import {
  changeChannel, createChannel, getChannel, getChannels, getMessages, removeChannel, sendTestMessage, type Actor,
} from './sms-channels.service.ts';
import { getSmsSettings, lookUpDoorCode, putSmsSettings } from './sms-event.service.ts';
import { registerSmsHooks } from './sms-hooks.routes.ts';
import { registerSmsSender, smsSender } from './sms-sender.ts';

const errors = errorResponses(400, 401, 403, 404, 409, 422, 429);

const actorFor = (request: FastifyRequest): Actor => {
  const a = actorOf(principalOf(request));
  return { kind: a.actorKind === 'api_key' ? 'api_key' : 'staff', id: a.actorId };
};

/** SMS and USSD check-in: channels, their log, an event's SMS settings, door codes, provider callbacks. */
export const smsFeature: Feature = {
  name: 'sms',
  async register(app, ctx) {
    installAuth(app, ctx);
    const manage = { auth: { action: 'sms:manage' as const } };
    const tenantOf = (request: FastifyRequest) => principalOf(request).tenantId;

    app.post('/api/v1/sms-channels', {
      schema: {
        operationId: 'createSmsChannel', tags: ['sms'],
        summary: 'Connect an Africa\'s Talking or Twilio number; the answer has the callback URLs to paste into the provider\'s dashboard',
        description: 'The credentials are sealed at rest and never returned. Each URL carries the channel\'s unguessable token.',
        body: SmsChannelCreate, response: { 201: SmsChannel, ...errors },
      },
      config: manage,
    }, async (request, reply) => reply.code(201).send(await createChannel(ctx, tenantOf(request), actorFor(request), request.body)));

    app.get('/api/v1/sms-channels', {
      schema: { operationId: 'listSmsChannels', tags: ['sms'], summary: 'The organizer\'s SMS channels with their callback URLs (never their credentials)', response: { 200: SmsChannelList, ...errors } },
      config: manage,
    }, async (request) => ({ channels: await getChannels(ctx, tenantOf(request)) }));

    app.get('/api/v1/sms-channels/:channelId', {
      schema: { operationId: 'getSmsChannel', tags: ['sms'], summary: 'One SMS channel', params: SmsChannelParams, response: { 200: SmsChannel, ...errors } },
      config: manage,
    }, async (request) => getChannel(ctx, tenantOf(request), request.params.channelId));

    app.patch('/api/v1/sms-channels/:channelId', {
      schema: {
        operationId: 'updateSmsChannel', tags: ['sms'], summary: 'Change a channel\'s number, credentials, events or language',
        params: SmsChannelParams, body: SmsChannelPatch, response: { 200: SmsChannel, ...errors },
      },
      config: manage,
    }, async (request) => changeChannel(ctx, tenantOf(request), actorFor(request), request.params.channelId, request.body));

    app.delete('/api/v1/sms-channels/:channelId', {
      schema: { operationId: 'deleteSmsChannel', tags: ['sms'], summary: 'Disconnect a channel (its callback URLs stop working) and remove its message log', params: SmsChannelParams, response: { 204: Type.Null(), ...errors } },
      config: manage,
    }, async (request, reply) => {
      await removeChannel(ctx, tenantOf(request), actorFor(request), request.params.channelId);
      return reply.code(204).send(null);
    });

    app.get('/api/v1/sms-channels/:channelId/messages', {
      schema: {
        operationId: 'listSmsMessages', tags: ['sms'], summary: 'The channel\'s inbound and outbound messages, newest first, with delivery status',
        params: SmsChannelParams, querystring: SmsMessageQuery, response: { 200: SmsMessageList, ...errors },
      },
      config: manage,
    }, async (request) => ({ messages: await getMessages(ctx, tenantOf(request), request.params.channelId, request.query) }));

    app.post('/api/v1/sms-channels/:channelId/test', {
      schema: {
        operationId: 'sendSmsTest', tags: ['sms'], summary: 'Queue a test message to a phone through the channel\'s provider (see its status in the message log)',
        params: SmsChannelParams, body: SmsTestBody, response: { 202: SmsQueued, ...errors },
      },
      config: manage,
    }, async (request, reply) => reply.code(202).send(await sendTestMessage(ctx, tenantOf(request), request.params.channelId, request.body)));

    app.get('/api/v1/events/:eventId/sms-settings', {
      schema: { operationId: 'getEventSmsSettings', tags: ['sms'], summary: 'The event\'s SMS check-in settings, its SMS gate, and the PIN message with its segment count', params: EventParams, response: { 200: SmsEventSettingsView, ...errors } },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => getSmsSettings(ctx, tenantOf(request), request.params.eventId));

    app.put('/api/v1/events/:eventId/sms-settings', {
      schema: {
        operationId: 'putEventSmsSettings', tags: ['sms'], summary: 'Set the event\'s SMS gate, whether any phone may text a PIN, and PIN by SMS',
        params: EventParams, body: SmsEventSettings, response: { 200: SmsEventSettingsView, ...errors },
      },
      config: { auth: { action: 'event:manage', resource: 'event' } },
    }, async (request) => putSmsSettings(ctx, tenantOf(request), request.params.eventId, request.body));

    app.get('/api/v1/events/:eventId/sms-checkins/:doorCode', {
      schema: {
        operationId: 'lookUpSmsDoorCode', tags: ['sms'], summary: 'The SMS check-in a guest\'s reply belongs to, by the 4-character door code it carries',
        params: DoorCodeParams, response: { 200: DoorCodeAnswer, ...errors },
      },
      config: { auth: { action: 'scan:read', resource: 'event' } },
    }, async (request) => lookUpDoorCode(ctx, tenantOf(request), request.params.eventId, request.params.doorCode));

    await app.register(async (hooks) => registerSmsHooks(hooks, ctx));

    registerSmsSender(ctx).start();
  },
  async close(ctx) {
    await smsSender(ctx)?.stop();
  },
};
