import type { ErrorObject } from 'ajv';

/**
 * `error.details` of a refused request: Ajv's errors as one `{ path, message }` per field, named
 * as the error message names them (`body.tickets.0.email`).
 */

/** One problem of a refused request, as `error.details[]` carries it. */
export interface ValidationDetail { path: string; message: string }

/** How many problems one answer lists. */
export const MAX_VALIDATION_DETAILS = 20;

/** Where the validator leaves the details for the error handler: on the errors array Fastify passes on. */
export const VALIDATION_DETAILS = Symbol('validation details');
export type ErrorsWithDetails = ErrorObject[] & { [VALIDATION_DETAILS]?: ValidationDetail[] };

const segment = (s: string) => (s.length > 100 ? `${s.slice(0, 100)}…` : s);
const pathOf = (where: string, pointer: string, child?: unknown) => {
  const parts = pointer ? pointer.slice(1).split('/').map((p) => segment(p.replace(/~1/g, '/').replace(/~0/g, '~'))) : [];
  if (child !== undefined) parts.push(segment(String(child)));
  return [where, ...parts].join('.');
};
const shown = (v: unknown) => segment(JSON.stringify(v) ?? String(v));

function detailOf(where: string, e: ErrorObject): ValidationDetail {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return { path: pathOf(where, e.instancePath, p.missingProperty), message: 'is required' };
    case 'additionalProperties': return { path: pathOf(where, e.instancePath, p.additionalProperty), message: 'is not allowed' };
    case 'const': return { path: pathOf(where, e.instancePath), message: `must be ${shown(p.allowedValue)}` };
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      return { path: pathOf(where, e.instancePath), message: allowed.length && allowed.length <= 10 ? `must be one of ${allowed.map(shown).join(', ')}` : 'must be one of the allowed values' };
    }
    default: return { path: pathOf(where, e.instancePath), message: e.message ?? 'is invalid' };
  }
}

/**
 * Ajv's errors as one detail per path, in the order found, at most MAX_VALIDATION_DETAILS. The
 * branches of a union (anyOf) that all failed read as one: "must be string or null", not three
 * lines ending in "must match a schema in anyOf".
 */
export function validationDetails(where: string, errors: readonly ErrorObject[]): ValidationDetail[] {
  const groups = new Map<string, { messages: string[]; union: boolean }>();
  for (const e of errors) {
    const { path, message } = detailOf(where, e);
    let group = groups.get(path);
    if (!group) {
      // The list is full: later errors only add to paths already listed.
      if (groups.size >= MAX_VALIDATION_DETAILS) continue;
      groups.set(path, (group = { messages: [], union: false }));
    }
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      group.union = true;
      if (group.messages.length) continue;
    }
    if (!group.messages.includes(message)) group.messages.push(message);
  }
  return [...groups].map(([path, { messages, union }]) => ({ path, message: joined(messages, union) }));
}

function joined(messages: string[], union: boolean): string {
  if (!union) return messages.join('; ');
  const kept = messages.length > 1 ? messages.filter((m) => m !== 'must match a schema in anyOf' && m !== 'must match exactly one schema in oneOf') : messages;
  if (kept.every((m) => m.startsWith('must be '))) return `must be ${kept.map((m) => m.slice('must be '.length)).join(' or ')}`;
  return kept.join(' or ');
}
