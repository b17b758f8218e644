import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small real HTTP server that plays Africa's Talking and Twilio for the SMS tests (point
 * KARIBU_SMS_API_BASE_URL at `url`). It records every request it gets, answers as the providers
 * do — Africa's Talking `201 { SMSMessageData: { Message, Recipients: [{ statusCode, number,
 * status, cost, messageId }] } }`, Twilio `201 { sid, status: "queued", … }` — checks their auth
 * (the `apiKey` header; HTTP basic with the account SID), and can be made to fail: the next n
 * requests answered with a status, the gateway down (connections cut), a number the provider
 * refuses.
 */
export interface GatewayRequest {
  provider: 'africastalking' | 'twilio' | 'unknown';
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  form: Record<string, string>;
  /** What the gateway answered (0 when it cut the connection). */
  status: number;
  /** The message id it gave back, when it accepted the message. */
  messageId: string | null;
}

export class FakeSmsGateway {
  readonly requests: GatewayRequest[] = [];
  /** Cut every connection while true (the gateway is unreachable). */
  down = false;
  /** Numbers Africa's Talking answers with 403 InvalidPhoneNumber and Twilio with 400 code 21211. */
  readonly refusedNumbers = new Set<string>();
  private failures: number[] = [];
  private server: http.Server | undefined;
  private waiters: (() => void)[] = [];
  url = '';

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests are answered with `status` (e.g. 500, 503, 429). */
  failNext(count: number, status = 500): void {
    for (let i = 0; i < count; i++) this.failures.push(status);
  }

  /** Messages the gateway accepted (sent), in order. */
  get sent(): GatewayRequest[] {
    return this.requests.filter((r) => r.messageId !== null);
  }

  /** Resolves once `count` messages were accepted (or fails after timeoutMs). */
  async waitForSent(count: number, timeoutMs = 10_000): Promise<GatewayRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > deadline) throw new Error(`fake gateway: ${this.sent.length} of ${count} messages sent after ${timeoutMs} ms (${this.requests.length} requests)`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, 50); });
    }
    return this.sent.slice(0, count);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => { body += chunk; });
    req.on('end', () => {
      const path = req.url ?? '';
      const form = Object.fromEntries(new URLSearchParams(body));
      const provider = path === '/version1/messaging' ? 'africastalking' : /^\/2010-04-01\/Accounts\/[^/]+\/Messages\.json$/.test(path) ? 'twilio' : 'unknown';
      const record: GatewayRequest = { provider, method: req.method ?? '', path, headers: req.headers, form, status: 0, messageId: null };
      this.requests.push(record);
      const reply = (status: number, json: unknown) => {
        record.status = status;
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
        for (const w of this.waiters.splice(0)) w();
      };
      if (this.down) { res.socket?.destroy(); return; }
      const failure = this.failures.shift();
      if (failure !== undefined) return reply(failure, { error: 'fake gateway failure' });
      if (provider === 'africastalking') return this.africasTalking(req, form, record, reply);
      if (provider === 'twilio') return this.twilio(req, path, form, record, reply);
      return reply(404, { error: 'not found' });
    });
  }

  private africasTalking(req: http.IncomingMessage, form: Record<string, string>, record: GatewayRequest, reply: (s: number, j: unknown) => void): void {
    if (!req.headers.apikey || !form.username) return reply(401, 'The supplied authentication is invalid');
    if (this.refusedNumbers.has(form.to ?? '')) {
      return reply(201, { SMSMessageData: { Message: 'Sent to 0/1 Total Cost: 0', Recipients: [{ statusCode: 403, number: form.to, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }] } });
    }
    record.messageId = `ATXid_${randomBytes(12).toString('hex')}`;
    reply(201, { SMSMessageData: { Message: 'Sent to 1/1 Total Cost: KES 0.8000', Recipients: [{ statusCode: 101, number: form.to, status: 'Success', cost: 'KES 0.8000', messageId: record.messageId }] } });
  }

  private twilio(req: http.IncomingMessage, path: string, form: Record<string, string>, record: GatewayRequest, reply: (s: number, j: unknown) => void): void {
    const sid = path.split('/')[3]!;
    const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
    if (!auth.startsWith(`${sid}:`) || auth.length <= sid.length + 1) return reply(401, { code: 20003, message: 'Authenticate', status: 401 });
    if (this.refusedNumbers.has(form.To ?? '')) return reply(400, { code: 21211, message: `The 'To' number ${form.To} is not a valid phone number.`, status: 400 });
    record.messageId = `SM${randomBytes(16).toString('hex')}`;
    reply(201, {
      sid: record.messageId, account_sid: sid, to: form.To, from: form.From, body: form.Body, status: 'queued',
      num_segments: '1', direction: 'outbound-api', api_version: '2010-04-01', date_created: new Date().toUTCString(),
    });
  }
}
