import { randomBytes, randomInt, randomUUID, sign as nodeCryptoSign } from 'node:crypto';
import type { SignFn } from '../../core/index.ts';
import type { Trx } from '../db/database.ts';
import { open, seal } from '../secrets/sealed-box.ts';
import { privateKeyFromSeed, rawPublicKey } from '../shared/ed25519-node.ts';
import { findActiveKey, findKeyByKid, insertKey, listEventKeys, setKeyStatus, type EventKeyRow } from './event-keys.repository.ts';

/**
 * Per-event signing keys and rotation secrets. Private seeds and rotation secrets live sealed under
 * the master key; decrypted copies are cached in this process only (never logged, never sent).
 */

export interface SigningKey {
  kid: number;
  publicKey: Uint8Array;
  /** Signs with a prepared KeyObject: no per-ticket key parsing when issuing thousands. */
  sign: SignFn;
  /** The raw seed, for core's signTicketToken(…, seed, sign) signature; unused by `sign`. */
  seed: Uint8Array;
}

export interface Jwk { kty: 'OKP'; crv: 'Ed25519'; kid: string; x: string; use: 'sig'; alg: 'EdDSA'; status: 'active' | 'retired' }

const KEY_PURPOSE = 'event-signing-key';
const ROTATION_PURPOSE = 'event-rotation-secret';

export class EventKeys {
  private readonly signing = new Map<number, SigningKey>();
  private readonly rotation = new Map<string, Uint8Array>();

  constructor(private readonly masterKey: Uint8Array) {}

  /** Creates the event's first signing key and its rotation secret when missing. Idempotent. */
  async ensureEventKeys(trx: Trx, tenantId: string, eventId: string): Promise<void> {
    if (!(await findActiveKey(trx, eventId))) await this.createKey(trx, tenantId, eventId);
    const event = await trx.selectFrom('events').select('rotation_secret_enc').where('id', '=', eventId).executeTakeFirstOrThrow();
    if (!event.rotation_secret_enc) {
      const sealed = seal(this.masterKey, ROTATION_PURPOSE, randomBytes(32), eventId);
      await trx.updateTable('events').set({ rotation_secret_enc: sealed }).where('id', '=', eventId).execute();
    }
  }

  /** The key that signs new tickets of the event (created on first use). */
  async activeSigningKey(trx: Trx, tenantId: string, eventId: string): Promise<SigningKey> {
    const row = (await findActiveKey(trx, eventId)) ?? (await this.createKey(trx, tenantId, eventId));
    return this.unseal(row);
  }

  /** The key with this kid whatever its status (re-rendering an issued ticket's QR). */
  async signingKeyByKid(trx: Trx, kid: number): Promise<SigningKey | undefined> {
    const cached = this.signing.get(kid);
    if (cached) return cached;
    const row = await findKeyByKid(trx, kid);
    return row ? this.unseal(row) : undefined;
  }

  /** New active key; the old one keeps verifying already-issued tickets until revoked. */
  async rotateKey(trx: Trx, tenantId: string, eventId: string): Promise<{ kid: number; retiredKid: number | null }> {
    const current = await findActiveKey(trx, eventId);
    if (current) await setKeyStatus(trx, eventId, current.kid, 'retired');
    const created = await this.createKey(trx, tenantId, eventId);
    return { kid: created.kid, retiredKid: current?.kid ?? null };
  }

  /** Tokens signed by a revoked key are refused everywhere (reason revoked_key). */
  async revokeKey(trx: Trx, eventId: string, kid: number): Promise<boolean> {
    this.signing.delete(kid);
    return (await setKeyStatus(trx, eventId, kid, 'revoked')) > 0;
  }

  /** Public keys that verify tickets of the event, as a JWK Set (RFC 8037 OKP keys). */
  async publicJwks(trx: Trx, eventId: string): Promise<{ keys: Jwk[] }> {
    const rows = await listEventKeys(trx, eventId);
    return {
      keys: rows.filter((r) => r.status !== 'revoked').map((r) => ({
        kty: 'OKP', crv: 'Ed25519', kid: String(r.kid), x: Buffer.from(r.public_key).toString('base64url'),
        use: 'sig', alg: 'EdDSA', status: r.status as 'active' | 'retired',
      })),
    };
  }

  /** All keys of the event with their status, for verifiers (manifest) that must also know revocations. */
  async keyStatuses(trx: Trx, eventId: string): Promise<{ kid: number; publicKey: Uint8Array; status: EventKeyRow['status'] }[]> {
    return (await listEventKeys(trx, eventId)).map((r) => ({ kid: Number(r.kid), publicKey: new Uint8Array(r.public_key), status: r.status }));
  }

  /** The rotation secret when this process holds it already (callers without a transaction at hand). */
  cachedRotationSecret(eventId: string): Uint8Array | undefined {
    return this.rotation.get(eventId);
  }

  /** The event's rotation secret (anti-screenshot codes), decrypted and cached. */
  async rotationSecret(trx: Trx, tenantId: string, eventId: string): Promise<Uint8Array> {
    const cached = this.rotation.get(eventId);
    if (cached) return cached;
    let row = await trx.selectFrom('events').select('rotation_secret_enc').where('id', '=', eventId).executeTakeFirstOrThrow();
    if (!row.rotation_secret_enc) {
      await this.ensureEventKeys(trx, tenantId, eventId);
      row = await trx.selectFrom('events').select('rotation_secret_enc').where('id', '=', eventId).executeTakeFirstOrThrow();
    }
    const secret = new Uint8Array(open(this.masterKey, ROTATION_PURPOSE, row.rotation_secret_enc!, eventId));
    this.rotation.set(eventId, secret);
    return secret;
  }

  private async createKey(trx: Trx, tenantId: string, eventId: string): Promise<EventKeyRow> {
    const seed = randomBytes(32);
    // Random u32 kids (never 0): unguessable, and a collision only costs a retry.
    for (let attempt = 0; attempt < 5; attempt++) {
      const kid = randomInt(1, 0xffffffff);
      if (await findKeyByKid(trx, kid)) continue;
      const row: EventKeyRow = {
        id: randomUUID(), event_id: eventId, kid, public_key: rawPublicKey(seed),
        private_key_enc: seal(this.masterKey, KEY_PURPOSE, seed, String(kid)), status: 'active',
      };
      await insertKey(trx, { ...row, tenant_id: tenantId });
      return row;
    }
    throw new Error('could not allocate a key id');
  }

  private unseal(row: EventKeyRow): SigningKey {
    const kid = Number(row.kid);
    const cached = this.signing.get(kid);
    if (cached) return cached;
    const seed = new Uint8Array(open(this.masterKey, KEY_PURPOSE, row.private_key_enc, String(kid)));
    const keyObject = privateKeyFromSeed(seed);
    const key: SigningKey = {
      kid, seed, publicKey: new Uint8Array(row.public_key),
      sign: (message) => new Uint8Array(nodeCryptoSign(null, message, keyObject)),
    };
    this.signing.set(kid, key);
    return key;
  }
}
