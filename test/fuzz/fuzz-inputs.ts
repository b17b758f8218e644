import { randomUUID } from 'node:crypto';

/**
 * Hostile inputs for the route fuzzer, and a small JSON-schema instance generator so that
 * mutations start from a request shaped like a real one (read from /docs/json) and reach past the
 * first validation error into the services and the database.
 */

export type JsonSchema = {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minLength?: number;
  minimum?: number;
  minItems?: number;
  pattern?: string;
  default?: unknown;
  additionalProperties?: boolean | JsonSchema;
};

/** Values a caller knows by name (real ids of the seeded organizer, well-formed contact data). */
export type KnownValues = Record<string, () => unknown>;

/** A minimal instance of a schema: required properties only, each with a plausible value. */
export function instanceOf(schema: JsonSchema | undefined, known: KnownValues, name = ''): unknown {
  if (!schema) return undefined;
  if (name && known[name]) return known[name]!();
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const branch = branches.find((b) => b.type !== 'null') ?? branches[0];
    return instanceOf(branch, known, name);
  }
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = instanceOf(schema.properties?.[key], known, key);
      return out;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 0);
      return Array.from({ length: n }, () => instanceOf(schema.items, known, singular(name)));
    }
    case 'integer': case 'number': return schema.minimum !== undefined ? Math.max(schema.minimum, 1) : 1;
    case 'boolean': return false;
    case 'string': {
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'email') return `fuzz-${randomUUID().slice(0, 8)}@example.test`;
      return 'x'.repeat(Math.max(3, schema.minLength ?? 0));
    }
    default: return 'x';
  }
}

const singular = (name: string) => (name.endsWith('s') ? name.slice(0, -1) : name);

/** The declared type(s) of a schema, flattened through anyOf/oneOf. */
export function typesOf(schema: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  if (!schema) return out;
  for (const b of schema.anyOf ?? schema.oneOf ?? []) for (const t of typesOf(b)) out.add(t);
  for (const t of [schema.type ?? []].flat()) out.add(t);
  if (schema.format) out.add(`format:${schema.format}`);
  if (schema.enum) out.add('enum');
  return out;
}

const NUL = 'nul\u0000byte';

/**
 * Wrong and nasty values for one property of a declared schema: the wrong JSON type, values that
 * pass JSON-schema checks but not a database column (int4 overflow, NUL bytes, dates outside the
 * JS range), and injection-shaped text. About ten per property: enough to find a crash, few enough
 * to keep the run short.
 */
export function nastyValuesFor(schema: JsonSchema | undefined): { label: string; value: unknown }[] {
  const types = typesOf(schema);
  const out: { label: string; value: unknown }[] = [
    { label: 'object', value: { $gt: '' } },
    { label: 'array', value: ['x', 1] },
    { label: 'null', value: null },
    { label: 'NUL byte string', value: NUL },
    { label: 'int4 overflow', value: 2_147_483_648 },
    { label: '10k string', value: 'y'.repeat(10_000) },
  ];
  if (types.has('integer') || types.has('number')) {
    out.push({ label: 'fraction', value: 1.5 }, { label: 'u32 max+1', value: 4_294_967_296 }, { label: 'negative', value: -1 });
  }
  if (types.has('string')) {
    out.push({ label: 'number', value: 12345 }, { label: 'lone surrogate', value: 'a\ud800b' }, { label: 'SQL text', value: "' OR '1'='1'; DROP TABLE tickets; --" });
  }
  if (types.has('format:date-time')) {
    out.push({ label: 'impossible date', value: '2024-02-30T25:61:00Z' }, { label: 'beyond JS dates', value: '+275760-09-13T00:00:00.001Z' },
      { label: 'year 0', value: '0000-01-01T00:00:00Z' });
  }
  if (types.has('format:uuid')) out.push({ label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' }, { label: 'unknown uuid', value: randomUUID() });
  if (types.has('boolean')) out.push({ label: 'string "true"', value: 'true' });
  if (types.has('array')) out.push({ label: 'empty array', value: [] }, { label: '2000 items', value: Array.from({ length: 2000 }, () => ({})) });
  return out;
}

/** Junk for a path parameter (already URL-encoded where needed). */
export const PATH_JUNK: { label: string; value: string }[] = [
  { label: 'x', value: 'x' },
  { label: 'path traversal (encoded)', value: encodeURIComponent('../../etc/passwd') },
  { label: 'path traversal (raw)', value: '../../etc/passwd' },
  { label: '600 chars', value: 'a'.repeat(600) },
  { label: 'unknown uuid', value: '7a0c2d1e-4b5f-4c6d-8e9f-0a1b2c3d4e5f' },
  { label: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { label: 'SQL', value: encodeURIComponent("1' OR '1'='1") },
  { label: 'JSON', value: encodeURIComponent('{"$ne":null}') },
  { label: '%00', value: '%00' },
  { label: 'uuid%00', value: '7a0c2d1e-4b5f-4c6d-8e9f-0a1b2c3d4e5f%00' },
  { label: 'broken percent-encoding', value: '%E0%A4%A' },
  { label: 'unicode', value: encodeURIComponent('ünï©ødé-😀') },
  { label: '1e309', value: '1e309' },
];

/** Whole bodies that are not the declared object. */
export const BODY_JUNK: { label: string; raw: string }[] = [
  { label: '{}', raw: '{}' },
  { label: '[]', raw: '[]' },
  { label: 'null', raw: 'null' },
  { label: '"str"', raw: '"str"' },
  { label: '1e309', raw: '1e309' },
  { label: 'true', raw: 'true' },
  { label: '-0', raw: '-0' },
  { label: 'object depth 1000', raw: '{"a":'.repeat(1000) + '1' + '}'.repeat(1000) },
  { label: 'array depth 1000', raw: '['.repeat(1000) + ']'.repeat(1000) },
  { label: 'array depth 200000', raw: '['.repeat(200_000) + ']'.repeat(200_000) },
  { label: '__proto__', raw: '{"__proto__":{"role":"owner","isAdmin":true}}' },
  { label: 'constructor.prototype', raw: '{"constructor":{"prototype":{"role":"owner"}}}' },
];

/** Bodies that are not JSON at all, sent as application/json. */
export const INVALID_JSON: { label: string; raw: string }[] = [
  { label: 'truncated', raw: '{"a":' },
  { label: 'single quotes', raw: "{'a':1}" },
  { label: 'trailing comma', raw: '{"a":1,}' },
  { label: 'trailing garbage', raw: '{"a":1}garbage' },
  { label: 'NaN', raw: 'NaN' },
  { label: 'BOM', raw: '\uFEFF{}' },
  { label: 'empty', raw: '' },
  { label: 'whitespace', raw: '   ' },
];

/** Content types other than the route's. */
export const WRONG_CONTENT_TYPES: { label: string; contentType: string; raw: string }[] = [
  { label: 'text/plain', contentType: 'text/plain', raw: '{"a":1}' },
  { label: 'form', contentType: 'application/x-www-form-urlencoded', raw: 'a=1&b[]=2' },
  { label: 'multipart', contentType: 'multipart/form-data; boundary=x', raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--' },
  { label: 'xml', contentType: 'application/xml', raw: '<a>1</a>' },
  { label: 'json utf-16', contentType: 'application/json; charset=utf-16', raw: '{}' },
  { label: 'json with junk parameter', contentType: 'application/json; x=', raw: '{}' },
  { label: 'csv', contentType: 'text/csv', raw: 'name\nx' },
  { label: 'octet-stream', contentType: 'application/octet-stream', raw: '\u0000\u0001' },
];

/** Query-string junk for a declared parameter (name substituted). */
export function queryJunk(name: string): { label: string; query: string }[] {
  const n = encodeURIComponent(name);
  return [
    { label: 'array', query: `${n}=a&${n}=b` },
    { label: 'bracket array', query: `${n}[]=a` },
    { label: 'operator object', query: `${n}[$ne]=1` },
    { label: 'empty', query: `${n}=` },
    { label: '%00', query: `${n}=%00` },
    { label: '1e309', query: `${n}=1e309` },
    { label: 'int4 overflow', query: `${n}=2147483648` },
    { label: 'negative', query: `${n}=-1` },
    { label: 'SQL', query: `${n}=${encodeURIComponent("' OR 1=1 --")}` },
    { label: '16k', query: `${n}=${'q'.repeat(16_500)}` },
    { label: 'broken percent-encoding', query: `${n}=%E0%A4%A` },
  ];
}

/** Odd values for declared request headers (only what a real HTTP client could send). */
export const HEADER_JUNK: { label: string; value: string }[] = [
  { label: 'empty', value: '' },
  { label: 'long', value: 'h'.repeat(4000) },
  { label: 'non-ascii', value: 'ünï' },
  { label: 'negative', value: '-1' },
  { label: 'huge number', value: '9'.repeat(40) },
  { label: 'SQL', value: "' OR 1=1 --" },
];

/** A small deterministic PRNG (mulberry32) so that a failing run can be repeated exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
