import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AJV_OPTIONS } from './api-error.ts';
import { VALIDATION_DETAILS, validationDetails, type ErrorsWithDetails } from './validation-details.ts';

// ajv-formats is CommonJS; its default export arrives wrapped depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type HttpPart = 'body' | 'querystring' | 'params' | 'headers' | string;

/**
 * The all-problems pass runs only on inputs of at most this many JSON values. Ajv with allErrors
 * walks the whole input and makes an error object per bad value: a 1 MiB body of `{}` items costs
 * 160 ms and 60 MB that way (measured), where stopping at the first error costs under 1 ms. 5,000
 * values cost about 4 ms at worst; a bigger refused input lists its first problem only.
 */
export const DETAIL_VALUE_BUDGET = 5_000;

/**
 * Fastify's validator factory with one rule Fastify's default lacks: JSON bodies are never type-
 * coerced. Query strings, path parameters and headers arrive as text, so they are coerced to their
 * declared types; a JSON body already has types, and coercing it would quietly turn `null` into
 * `false`, `0` or `""` (a PATCH {"active": null} would deactivate a staff member). Shared schemas
 * (app.addSchema) are known to both instances.
 *
 * Every request is checked by a validator that stops at the first problem (the fast path, the same
 * cost as before); only a refused one is checked again, within DETAIL_VALUE_BUDGET, by one that
 * collects them all, compiled the first time it is needed.
 */
export function buildValidatorFactory() {
  // Fastify asks once per encapsulated scope; scopes with the same shared schemas share instances
  // (compiling formats and shared schemas into a new Ajv costs milliseconds each time).
  const pool = new Map<string, ReturnType<typeof buildFor>>();
  return (externalSchemas: Record<string, unknown>) => {
    const key = JSON.stringify(externalSchemas);
    let compilers = pool.get(key);
    if (!compilers) pool.set(key, (compilers = buildFor(externalSchemas)));
    return compilers;
  };
}

function buildFor(externalSchemas: Record<string, unknown>) {
  const make = (coerceTypes: false | 'array', allErrors: boolean) => {
    const ajv = new Ajv({ ...AJV_OPTIONS, coerceTypes, allErrors, addUsedSchema: false });
    addFormats(ajv);
    for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as object);
    return ajv;
  };
  const fast = { body: make(false, false), other: make('array', false) };
  let thorough: { body: Ajv; other: Ajv } | undefined;
  const compile = (ajv: Ajv, schema: { $id?: string }) => (schema.$id ? ajv.getSchema(schema.$id) : undefined) ?? ajv.compile(schema);

  return ({ schema, httpPart }: { schema: { $id?: string }; httpPart?: HttpPart }): ValidateFunction => {
    const kind = httpPart === 'body' ? 'body' : 'other';
    const first = compile(fast[kind], schema);
    let all: ValidateFunction | undefined;
    const validate = ((data: unknown, dataCtx?: Parameters<ValidateFunction>[1]) => {
      if (first(data, dataCtx)) return true;
      const errors: ErrorsWithDetails = [...(first.errors ?? [])];
      let found: ErrorObject[] = errors;
      if (countValues(data, DETAIL_VALUE_BUDGET) <= DETAIL_VALUE_BUDGET) {
        thorough ??= { body: make(false, true), other: make('array', true) };
        all ??= compile(thorough[kind], schema);
        all(data, dataCtx);
        found = [...errors, ...(all.errors ?? [])];
      }
      errors[VALIDATION_DETAILS] = validationDetails(httpPart ?? 'body', found);
      validate.errors = errors;
      return false;
    }) as ValidateFunction;
    // Fastify passes the parent object (so a root value can be coerced) when this is set.
    (validate as { schemaEnv?: unknown }).schemaEnv = first.schemaEnv;
    return validate;
  };
}

/** JSON values in `data`, counting stops past `limit` (the walk never costs more than that). */
export function countValues(data: unknown, limit: number): number {
  let count = 0;
  const stack: unknown[] = [data];
  while (stack.length && count <= limit) {
    const v = stack.pop();
    count += 1;
    if (Array.isArray(v)) for (let i = 0; i < v.length && stack.length <= limit; i++) stack.push(v[i]);
    else if (v && typeof v === 'object') for (const k in v) { if (stack.length > limit) break; stack.push((v as Record<string, unknown>)[k]); }
  }
  return count + stack.length;
}
