import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AJV_OPTIONS } from './api-error.ts';

// ajv-formats is CommonJS; its default export arrives wrapped depending on the loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;

type HttpPart = 'body' | 'querystring' | 'params' | 'headers' | string;

/**
 * Fastify's validator factory with one rule Fastify's default lacks: JSON bodies are never type-
 * coerced. Query strings, path parameters and headers arrive as text, so they are coerced to their
 * declared types; a JSON body already has types, and coercing it would quietly turn `null` into
 * `false`, `0` or `""` (a PATCH {"active": null} would deactivate a staff member). Shared schemas
 * (app.addSchema) are known to both instances.
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
  {
    const make = (coerceTypes: false | 'array') => {
      const ajv = new Ajv({ ...AJV_OPTIONS, coerceTypes, addUsedSchema: false });
      addFormats(ajv);
      for (const schema of Object.values(externalSchemas)) ajv.addSchema(schema as object);
      return ajv;
    };
    const strict = make(false);
    const coercing = make('array');
    return ({ schema, httpPart }: { schema: { $id?: string }; httpPart?: HttpPart }): ValidateFunction => {
      const ajv = httpPart === 'body' ? strict : coercing;
      const stored = schema.$id ? ajv.getSchema(schema.$id) : undefined;
      return stored ?? ajv.compile(schema);
    };
  }
}
