/**
 * Sending one SMS through a provider's real HTTP API, and reading its answer.
 *
 *   Africa's Talking: POST {base}/version1/messaging, header `apiKey`, form fields username, to,
 *     message, from; answers 201 { SMSMessageData: { Message, Recipients: [{ statusCode, number,
 *     status, cost, messageId }] } }. Recipient statusCode 100 Processed, 101 Sent, 102 Queued are
 *     accepted; 401–409 are permanent refusals (blacklisted, invalid number, no balance …);
 *     500–502 are the gateway's own failures and worth retrying.
 *   Twilio: POST {base}/2010-04-01/Accounts/{sid}/Messages.json with basic auth (sid:token), form
 *     fields To, From, Body, StatusCallback; answers 201 { sid, status, … } or 4xx { code, message }.
 *
 * The base URLs are the providers' unless KARIBU_SMS_API_BASE_URL replaces both (tests, sandboxes).
 */

export const PROVIDER_BASE_URLS = { africastalking: 'https://api.africastalking.com', twilio: 'https://api.twilio.com' } as const;

export type Credentials =
  | { provider: 'africastalking'; username: string; apiKey: string }
  | { provider: 'twilio'; accountSid: string; authToken: string };

export interface OutboundSms { from: string; to: string; body: string; statusCallback: string }

/** accepted: the provider took it (its message id); retry: try again later; rejected: never will. */
export type SendOutcome =
  | { kind: 'accepted'; providerId: string | null; status: 'sent' }
  | { kind: 'retry' | 'rejected'; error: string };

const AT_ACCEPTED = new Set([100, 101, 102]);

export async function sendSms(baseOverride: string | undefined, creds: Credentials, sms: OutboundSms, timeoutMs: number): Promise<SendOutcome> {
  const base = baseOverride ?? PROVIDER_BASE_URLS[creds.provider];
  let res: Response;
  try {
    res = creds.provider === 'africastalking'
      ? await fetch(`${base}/version1/messaging`, {
        method: 'POST',
        headers: { apiKey: creds.apiKey, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ username: creds.username, to: sms.to, message: sms.body, from: sms.from }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      })
      : await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(creds.accountSid)}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${creds.accountSid}:${creds.authToken}`).toString('base64')}`,
          accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ To: sms.to, From: sms.from, Body: sms.body, StatusCallback: sms.statusCallback }).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
  } catch (err) {
    return { kind: 'retry', error: `gateway unreachable: ${(err as Error).message}`.slice(0, 300) };
  }
  const text = await res.text().catch(() => '');
  let json: unknown;
  try { json = JSON.parse(text); } catch { json = undefined; }
  if (res.status === 429 || res.status >= 500) return { kind: 'retry', error: `HTTP ${res.status}` };
  return creds.provider === 'africastalking' ? readAfricasTalking(res.status, json) : readTwilio(res.status, json);
}

function readAfricasTalking(status: number, json: unknown): SendOutcome {
  if (status === 401) return { kind: 'rejected', error: 'HTTP 401: the username or API key is wrong' };
  if (status >= 400) return { kind: 'rejected', error: `HTTP ${status}` };
  const recipients = (json as { SMSMessageData?: { Recipients?: unknown } } | undefined)?.SMSMessageData?.Recipients;
  const first = Array.isArray(recipients) ? recipients[0] as { statusCode?: unknown; status?: unknown; messageId?: unknown } | undefined : undefined;
  if (!first) {
    const message = (json as { SMSMessageData?: { Message?: unknown } } | undefined)?.SMSMessageData?.Message;
    return { kind: 'rejected', error: `no recipient in the answer${typeof message === 'string' ? `: ${message}` : ''}`.slice(0, 300) };
  }
  const code = Number(first.statusCode);
  const what = `${String(first.status ?? '')} (${code})`;
  if (AT_ACCEPTED.has(code)) return { kind: 'accepted', providerId: typeof first.messageId === 'string' && first.messageId !== 'None' ? first.messageId : null, status: 'sent' };
  if (code >= 500) return { kind: 'retry', error: what };
  return { kind: 'rejected', error: what };
}

function readTwilio(status: number, json: unknown): SendOutcome {
  const body = json as { sid?: unknown; status?: unknown; code?: unknown; message?: unknown } | undefined;
  if (status >= 200 && status < 300 && typeof body?.sid === 'string') {
    return body.status === 'failed' || body.status === 'undelivered'
      ? { kind: 'rejected', error: `Twilio status ${String(body.status)}` }
      : { kind: 'accepted', providerId: body.sid, status: 'sent' };
  }
  const detail = typeof body?.message === 'string' ? `: ${body.code ?? ''} ${body.message}` : '';
  return { kind: 'rejected', error: `HTTP ${status}${detail}`.slice(0, 300) };
}
