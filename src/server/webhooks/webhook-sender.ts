import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

/**
 * One HTTP POST of a webhook body. Uses node:http(s) directly rather than fetch so that the
 * address check happens on the address actually connected to: a receiver URL whose DNS name
 * points (or later re-points) at our own network — cloud metadata, the database, localhost — is
 * refused in production at connect time, not only when the URL was registered.
 */

export interface SendResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface SendOptions {
  timeoutMs: number;
  /** Allow loopback/private/link-local targets (development and tests; never in production). */
  allowPrivateNetworks: boolean;
}

const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
// ::/96 (IPv4-compatible, which also covers :: and ::1) and 64:ff9b::/96 (NAT64) embed an IPv4
// address: [::7f00:1] or a NAT64 gateway would otherwise reach 127.0.0.1 or 169.254.169.254.
for (const [net, prefix] of [['::', 96], ['64:ff9b::', 96], ['64:ff9b:1::', 48], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return PRIVATE.check(mapped[1]!, 'ipv4');
    return PRIVATE.check(address, 'ipv6');
  }
  return PRIVATE.check(address, 'ipv4');
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(hostname: string, options: object, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as LookupAddress[];
    const blocked = list.find((a) => isPrivateAddress(a.address));
    if (blocked) {
      const e = new Error(`refused: ${hostname} resolves to a private address`) as NodeJS.ErrnoException;
      e.code = 'EPRIVATE';
      return callback(e, []);
    }
    if ((options as { all?: boolean }).all) return callback(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
}

export function postWebhook(url: string, body: string, headers: Record<string, string>, options: SendOptions): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): SendResult =>
    ({ statusCode, error, durationMs: Math.round(performance.now() - started) });
  return new Promise((resolve) => {
    let target: URL;
    try { target = new URL(url); } catch { return resolve(done(null, 'invalid URL')); }
    const literal = target.hostname.replace(/^\[|\]$/g, '');
    if (!options.allowPrivateNetworks && isPrivateAddress(literal)) {
      return resolve(done(null, 'refused: private address'));
    }
    const client = target.protocol === 'https:' ? https : http;
    const req = client.request(target, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      timeout: options.timeoutMs,
      ...(options.allowPrivateNetworks ? {} : { lookup: guardedLookup as never }),
      // A fresh connection per delivery: a keep-alive socket to one receiver must not outlive its checks.
      agent: false,
    }, (res) => {
      // The receiver's answer body is not ours to keep (it may echo personal data): drain it.
      res.resume();
      res.on('end', () => resolve(done(res.statusCode ?? null, null)));
      res.on('error', (err) => resolve(done(res.statusCode ?? null, err.message)));
      res.on('close', () => resolve(done(res.statusCode ?? null, null)));
    });
    req.on('timeout', () => req.destroy(new Error(`timed out after ${options.timeoutMs} ms`)));
    req.on('error', (err) => resolve(done(null, err.message.slice(0, 300))));
    req.end(body);
  });
}
