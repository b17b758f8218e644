import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, AppContext } from '../app-context.ts';
import { NO_SUCH_RESOURCE } from '../auth/auth-guard.ts';
import { errorResponses, sendError } from '../http/api-error.ts';
import { DeliveryReportForm, HookParams, InboundSmsForm, UssdForm } from '../../contracts/sms.contract.ts';
import type { ChannelRow } from './sms-channels.repository.ts';
import { openCredentials } from './sms-credentials.ts';
import { channelOfHook, receiveDeliveryReport, receiveSms } from './sms-inbound.service.ts';
import { twilioSignatureValid } from './twilio-signature.ts';
import { answerUssd } from './sms-ussd.service.ts';

/**
 * The provider callbacks, public: the channel token in the path authenticates Africa's Talking
 * (which signs nothing); Twilio's requests must also carry a valid X-Twilio-Signature. Both post
 * application/x-www-form-urlencoded bodies. An unknown channel and a wrong token get the same 404.
 */
const errors = errorResponses(400, 403, 404, 415, 429, 503);
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export function registerSmsHooks(app: App, ctx: AppContext): void {
  // Form bodies only in this scope; a provider never posts more than a few kilobytes.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
    const form: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(body as string)) form[k] = v;
    done(null, form);
  });
  const consumes = ['application/x-www-form-urlencoded'];

  /** The channel, authenticated; or the refusal already sent. */
  async function authenticated(request: Pick<FastifyRequest, 'headers' | 'url'> & { params: { channelId: string; token: string }; body: Record<string, string> }, reply: FastifyReply): Promise<ChannelRow | undefined> {
    const channel = await channelOfHook(ctx, request.params.channelId, request.params.token);
    if (!channel) { await sendError(reply, 'not_found', NO_SUCH_RESOURCE); return undefined; }
    if (channel.provider === 'twilio') {
      const creds = openCredentials(ctx, channel.id, channel.credentials_enc);
      const url = `${ctx.config.publicUrl}${request.url}`;
      const signature = request.headers['x-twilio-signature'];
      const token = creds.provider === 'twilio' ? creds.authToken : '';
      if (!twilioSignatureValid(token, url, request.body ?? {}, typeof signature === 'string' ? signature : undefined)) {
        await sendError(reply, 'forbidden', 'The X-Twilio-Signature header is missing or does not match this request.');
        return undefined;
      }
    }
    return channel;
  }

  const ack = (reply: FastifyReply, channel: ChannelRow) => channel.provider === 'twilio'
    ? reply.code(200).type('text/xml').send(EMPTY_TWIML)
    : reply.code(200).type('text/plain').send('');

  app.post('/api/v1/sms-hooks/:channelId/:token/sms', {
    schema: {
      operationId: 'receiveSms', tags: ['sms'], consumes,
      summary: 'Incoming SMS, posted by the provider (Africa\'s Talking: from, to, text, date, id, linkId; Twilio: From, To, Body, MessageSid …)',
      description: 'Answered at once (Twilio: empty TwiML); the reply goes out through the provider\'s API afterwards. A message id seen before changes nothing.',
      params: HookParams, body: InboundSmsForm, response: { 200: Type.String(), ...errors },
    },
    config: { auth: 'public' },
  }, async (request, reply) => {
    const channel = await authenticated(request, reply);
    if (!channel) return reply;
    const f = request.body;
    const at = channel.provider === 'africastalking';
    const from = (at ? f.from : f.From) ?? '';
    if (from === '') return sendError(reply, 'validation_failed', at ? 'The form has no from field.' : 'The form has no From field.');
    await receiveSms(ctx, channel, { providerId: (at ? f.id : f.MessageSid) ?? null, from, text: (at ? f.text : f.Body) ?? '', kind: 'sms' });
    return ack(reply, channel);
  });

  app.post('/api/v1/sms-hooks/:channelId/:token/delivery', {
    schema: {
      operationId: 'receiveSmsDeliveryReport', tags: ['sms'], consumes,
      summary: 'Delivery report of an outbound SMS, posted by the provider (Africa\'s Talking: id, status, failureReason; Twilio: MessageSid, MessageStatus, ErrorCode)',
      params: HookParams, body: DeliveryReportForm, response: { 200: Type.String(), ...errors },
    },
    config: { auth: 'public' },
  }, async (request, reply) => {
    const channel = await authenticated(request, reply);
    if (!channel) return reply;
    await receiveDeliveryReport(ctx, channel, request.body);
    return ack(reply, channel);
  });

  app.post('/api/v1/sms-hooks/:channelId/:token/ussd', {
    schema: {
      operationId: 'receiveUssd', tags: ['sms'], consumes,
      summary: 'A USSD session step, posted by Africa\'s Talking (sessionId, serviceCode, phoneNumber, networkCode, text); answered in text/plain with CON or END',
      params: HookParams, body: UssdForm, response: { 200: Type.String(), ...errors },
    },
    config: { auth: 'public' },
  }, async (request, reply) => {
    const channel = await authenticated(request, reply);
    if (!channel) return reply;
    if (channel.provider !== 'africastalking') return sendError(reply, 'not_found', 'USSD is offered for Africa\'s Talking channels only.');
    const text = await answerUssd(ctx, channel, request.body);
    return reply.code(200).type('text/plain').send(text);
  });
}
