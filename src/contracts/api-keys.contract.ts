import { Type, type Static } from 'typebox';
import { Instant, Nullable, Uuid } from './common.contract.ts';

/** Integration API keys on the wire (`/api/v1/api-keys`); the key itself appears once, at creation. */

export const ApiKey = Type.Object({
  id: Uuid,
  name: Type.String(),
  prefix: Type.String({ description: 'The first characters of the key, to tell keys apart' }),
  createdAt: Instant,
  lastUsedAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
});
export type ApiKey = Static<typeof ApiKey>;

export const ApiKeyCreate = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const ApiKeyCreated = Type.Intersect([ApiKey, Type.Object({ key: Type.String({ description: 'Send as the x-api-key header' }) })]);
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;

export const ApiKeyList = Type.Object({ apiKeys: Type.Array(ApiKey) });
export const ApiKeyParams = Type.Object({ apiKeyId: Uuid });
