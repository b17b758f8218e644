import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify, SignJWT } from 'jose';
import type { Role } from '../db/schema.ts';
import { privateKeyFromSeed } from '../shared/ed25519-node.ts';
import { deriveKey } from '../secrets/sealed-box.ts';

/**
 * Short-lived staff access tokens: EdDSA (Ed25519) JWTs signed with a key derived from the master
 * key by HKDF. Every instance with the same master key derives the same key pair, so any instance
 * verifies any other's tokens with nothing shared but the master key (rotating the master key
 * logs everyone out, which is what rotating it should do).
 *
 * Verifying an Ed25519 signature costs ~130 µs; a door phone sends the same token with every
 * scan for 15 minutes. Verified tokens are therefore cached by their exact text until they
 * expire: a cache hit is a Map lookup. The cache only ever holds tokens whose signature and
 * claims were checked, and only until their own expiry, so it cannot extend a token's life.
 * Revocation (logout, device revoked, staff deactivated) is not the token's job: the live
 * principal check does it on every request (see http/authorize.ts).
 */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'karibu';
const AUDIENCE = 'karibu-api';
const CACHE_LIMIT = 50_000;

export interface AccessClaims {
  staffId: string;
  tenantId: string;
  role: Role;
  /** Login session = refresh-token family; revoking it revokes this token too. */
  sessionId: string;
  device: { id: string; venueId: string; kind: 'door' | 'kiosk' } | null;
  /** Epoch ms. */
  expiresAt: number;
}

export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; expired: boolean };

export class AccessTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly kid: string;
  private readonly verified = new Map<string, AccessClaims>();

  constructor(masterKey: Uint8Array) {
    this.privateKey = privateKeyFromSeed(deriveKey(masterKey, 'auth/access-token-ed25519'));
    this.publicKey = createPublicKey(this.privateKey);
    const spki = this.publicKey.export({ format: 'der', type: 'spki' });
    this.kid = createHash('sha256').update(spki).digest('base64url').slice(0, 16);
  }

  async sign(claims: Omit<AccessClaims, 'expiresAt'>, now = Date.now()): Promise<{ token: string; expiresIn: number }> {
    const body: Record<string, unknown> = { tid: claims.tenantId, role: claims.role, sid: claims.sessionId };
    if (claims.device) body.dev = [claims.device.id, claims.device.venueId, claims.device.kind];
    const token = await new SignJWT(body)
      .setProtectedHeader({ alg: 'EdDSA', kid: this.kid, typ: 'at+jwt' })
      .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(claims.staffId)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(now / 1000) + ACCESS_TOKEN_TTL_SECONDS)
      .sign(this.privateKey);
    return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  async verify(token: string, now = Date.now()): Promise<VerifyResult> {
    const cached = this.verified.get(token);
    if (cached) {
      if (cached.expiresAt > now) return { ok: true, claims: cached };
      this.verified.delete(token);
      return { ok: false, expired: true };
    }
    if (token.length > 2048) return { ok: false, expired: false };
    try {
      const { payload } = await jwtVerify(token, this.publicKey, {
        issuer: ISSUER, audience: AUDIENCE, algorithms: ['EdDSA'], typ: 'at+jwt', currentDate: new Date(now),
      });
      const claims = toClaims(payload as Record<string, unknown>);
      if (!claims) return { ok: false, expired: false };
      if (this.verified.size >= CACHE_LIMIT) {
        // Drop the oldest entry (Map keeps insertion order): bounded memory under any load.
        const oldest = this.verified.keys().next().value;
        if (oldest !== undefined) this.verified.delete(oldest);
      }
      this.verified.set(token, claims);
      return { ok: true, claims };
    } catch (err) {
      return { ok: false, expired: err instanceof errors.JWTExpired };
    }
  }
}

const ROLES = new Set(['owner', 'admin', 'manager', 'staff']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Strict shape check of verified claims: a token we signed always passes; anything else is refused. */
function toClaims(p: Record<string, unknown>): AccessClaims | null {
  const { sub, tid, role, sid, dev, exp } = p;
  if (typeof sub !== 'string' || !UUID.test(sub) || typeof tid !== 'string' || !UUID.test(tid)) return null;
  if (typeof role !== 'string' || !ROLES.has(role) || typeof sid !== 'string' || !UUID.test(sid) || typeof exp !== 'number') return null;
  let device: AccessClaims['device'] = null;
  if (dev !== undefined) {
    if (!Array.isArray(dev) || dev.length !== 3) return null;
    const [id, venueId, kind] = dev as unknown[];
    if (typeof id !== 'string' || !UUID.test(id) || typeof venueId !== 'string' || !UUID.test(venueId)) return null;
    if (kind !== 'door' && kind !== 'kiosk') return null;
    device = { id, venueId, kind };
  }
  return { staffId: sub, tenantId: tid, role: role as Role, sessionId: sid, device, expiresAt: exp * 1000 };
}
