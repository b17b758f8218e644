import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { DomainError } from '../shared/domain-error.ts';
import { MAX_UPLOAD_BYTES } from './photo-image.ts';

/**
 * A photo given by URL at issuance, fetched once and then handled like an upload (decoded,
 * re-encoded, sealed). The server fetching a URL an API client names is a way into the network it
 * runs in, so: https only; the host's addresses are resolved first and every one must be public
 * (no loopback, private, link-local, carrier-grade NAT, multicast or unspecified range); the
 * connection goes to the address that was checked (a DNS answer cannot change in between); no
 * redirects; at most 5 MB within 10 s. `allowPrivate` (KARIBU_PHOTO_FETCH_PRIVATE) lifts the
 * address and scheme rules for a closed network or a test.
 */

const BLOCKED = new BlockList();
for (const [net, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) BLOCKED.addSubnet(net, bits, 'ipv4');
// IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged by its IPv4 part below: a ::ffff:0:0/96 rule would
// match every IPv4 address, as BlockList compares IPv4 against IPv6 rules in mapped form.
for (const [net, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8]] as const) {
  BLOCKED.addSubnet(net, bits, 'ipv6');
}

const TIMEOUT_MS = 10_000;
const TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);

export function isPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return isPublicAddress(mapped[1]!);
  const family = isIP(address);
  if (family === 0) return false;
  return !BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

const refuse = (why: string) => new DomainError('unprocessable', `the photo URL ${why}`);

export async function fetchPhoto(raw: string, opts: { allowPrivate: boolean }): Promise<Buffer> {
  let url: URL;
  try { url = new URL(raw); } catch { throw refuse('is not a URL.'); }
  if (url.protocol !== 'https:' && !(opts.allowPrivate && url.protocol === 'http:')) throw refuse('must start with https://.');
  if (url.username || url.password) throw refuse('must not carry a user name or password.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) throw refuse(`names a host that does not resolve (${host}).`);
  if (!opts.allowPrivate && !addresses.every((a) => isPublicAddress(a.address))) throw refuse('points into a private network; give a public https address.');
  const pinned = addresses[0]!;
  // The checked address, whatever the resolver would say now.
  const pin: LookupFunction = (_h, options, callback) => {
    if (typeof options === 'object' && options.all) callback(null, [{ address: pinned.address, family: pinned.family }]);
    else callback(null, pinned.address, pinned.family);
  };
  return new Promise<Buffer>((resolve, reject) => {
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { lookup: pin, timeout: TIMEOUT_MS, headers: { accept: 'image/jpeg, image/png, image/webp' } }, (res) => {
      const status = res.statusCode ?? 0;
      const type = String(res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (status >= 300 && status < 400) { res.resume(); reject(refuse('redirects; give the address of the image itself.')); return; }
      if (status !== 200) { res.resume(); reject(refuse(`answered HTTP ${status}.`)); return; }
      if (!TYPES.has(type)) { res.resume(); reject(refuse(`is not a JPEG, PNG or WebP image (${type || 'no type'}).`)); return; }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_UPLOAD_BYTES) { req.destroy(); reject(refuse('is larger than 5 MB.')); return; }
        chunks.push(chunk);
      });
      res.on('end', () => resolve(Buffer.concat(chunks)));
      res.on('error', () => reject(refuse('could not be read to the end.')));
    });
    req.on('timeout', () => { req.destroy(); reject(refuse('did not answer within 10 seconds.')); });
    req.on('error', () => reject(refuse('could not be reached.')));
  });
}
