import type { AppContext } from '../app-context.ts';
import { open, seal } from '../secrets/sealed-box.ts';
import type { Credentials } from './sms-gateway.ts';

/**
 * A channel's secrets at rest, sealed under the master key (AES-GCM, bound to the channel id):
 * the provider credentials, which are never returned, and the channel token in its callback URLs.
 */
const CREDENTIALS_PURPOSE = 'sms-credentials';
const TOKEN_PURPOSE = 'sms-channel-token';

export function sealCredentials(deps: Pick<AppContext, 'masterKey'>, channelId: string, c: Credentials): Buffer {
  return seal(deps.masterKey, CREDENTIALS_PURPOSE, Buffer.from(JSON.stringify(c)), channelId);
}
export function openCredentials(deps: Pick<AppContext, 'masterKey'>, channelId: string, sealed: Uint8Array): Credentials {
  return JSON.parse(open(deps.masterKey, CREDENTIALS_PURPOSE, sealed, channelId).toString('utf8')) as Credentials;
}
export function sealChannelToken(deps: Pick<AppContext, 'masterKey'>, channelId: string, token: string): Buffer {
  return seal(deps.masterKey, TOKEN_PURPOSE, Buffer.from(token), channelId);
}
export function openChannelToken(deps: Pick<AppContext, 'masterKey'>, channelId: string, sealed: Uint8Array): string {
  return open(deps.masterKey, TOKEN_PURPOSE, sealed, channelId).toString('utf8');
}

/** The absolute callback URLs of a channel: what the organizer pastes into the provider's dashboard. */
export function hookUrls(publicUrl: string, channelId: string, token: string) {
  const base = `${publicUrl}/api/v1/sms-hooks/${channelId}/${token}`;
  return { inboundSmsUrl: `${base}/sms`, deliveryReportUrl: `${base}/delivery`, ussdUrl: `${base}/ussd` };
}
