import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { isDatabaseUnreachable } from '../db/database-errors.ts';
import { DomainError, ERROR_CODES, type ErrorCode } from '../shared/domain-error.ts';
import { MAX_VALIDATION_DETAILS, VALIDATION_DETAILS, validationDetails, type ValidationDetail } from './validation-details.ts';

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400, validation_failed: 400, invalid_json: 400,
  unauthorized: 401, invalid_credentials: 401, token_expired: 401,
  forbidden: 403,
  not_found: 404, route_not_found: 404,
  conflict: 409, already_exists: 409, idempotency_mismatch: 409,
  gone: 410, payload_too_large: 413, unsupported_media_type: 415,
  unprocessable: 422, capacity_reached: 409,
  rate_limited: 429, locked_out: 429,
  not_configured: 503, unavailable: 503, draining: 503,
  internal: 500,
  nothing_to_undo: 409,
  database_unavailable: 503,
};

/** What any route answers (503 database_unavailable) while the database cannot be reached. */
export const DATABASE_UNREACHABLE = 'The database is unreachable right now; retry shortly (door phones decide offline and sync later).';

/**
 * Ajv settings for every route: unknown fields are an error (not silently dropped), defaults apply,
 * query strings coerce to their declared types.
 */
export const AJV_OPTIONS = { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false } as const;

/** JSON schema of the one error body, referenced by route schemas for their error responses. */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.Unsafe<ErrorCode>({ type: 'string', enum: [...ERROR_CODES] }),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({
      path: Type.String({ description: 'Where: body, querystring, params or headers, then the field, e.g. body.tickets.0.email' }),
      message: Type.String(),
    }), { maxItems: MAX_VALIDATION_DETAILS, description: 'validation_failed: every problem found, at most 20' })),
  }),
}, { $id: 'ErrorBody' });

/** A route's error response schema: `response: { 404: ERROR_RESPONSE, … }`. */
export const ERROR_RESPONSE = { $ref: 'ErrorBody#' } as const;

/** The error half of a route's `response` map: each status given answers the one error shape. */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, typeof ERROR_RESPONSE> {
  return Object.fromEntries(statuses.map((status) => [status, ERROR_RESPONSE])) as Record<S, typeof ERROR_RESPONSE>;
}

export function sendError(
  reply: FastifyReply, code: ErrorCode, message: string, headers?: Record<string, string>, details?: ValidationDetail[],
) {
  if (headers) reply.headers(headers);
  return reply.code(ERROR_STATUS[code]).type('application/json').send({ error: details ? { code, message, details } : { code, message } });
}

function describeValidation(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return 'The request is not valid.';
  const where = err.validationContext ?? 'body';
  const path = first.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
  const extra = first.params && 'additionalProperty' in first.params ? ` (${String(first.params.additionalProperty)})` : '';
  return `${path} ${first.message ?? 'is invalid'}${extra}`;
}

/**
 * Maps everything thrown in a route to `{ error: { code, message } }` with the right status;
 * a refused schema adds `details: [{ path, message }]`, its message still naming the first problem.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      if (err.code === 'internal') request.log.error({ err }, 'internal domain error');
      // A domain error about one field (e.g. a photo that does not decode) names it like a schema error would.
      const path = err.details?.path;
      return sendError(reply, err.code, err.message, undefined, typeof path === 'string' ? [{ path, message: err.message }] : undefined);
    }
    if (err.validation) {
      // Our validator factory (validation.ts) leaves every problem on the list; a plain Ajv, the first.
      const where = err.validationContext ?? 'body';
      const details = (err.validation as { [VALIDATION_DETAILS]?: ValidationDetail[] })[VALIDATION_DETAILS]
        ?? validationDetails(where, err.validation as never);
      return sendError(reply, 'validation_failed', describeValidation(err), undefined, details);
    }
    switch (err.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 'invalid_json', 'The request body is not valid JSON.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'payload_too_large', 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 'unsupported_media_type', 'Send the body as application/json.');
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return sendError(reply, 'bad_request', 'The Content-Length header does not match the body.');
    }
    if (err.statusCode === 429) {
      return sendError(reply, 'rate_limited', 'Too many requests; slow down and retry shortly.');
    }
    if (err instanceof SyntaxError && err.statusCode === 400) {
      return sendError(reply, 'invalid_json', 'The request body is not valid JSON.');
    }
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, 'bad_request', 'The request could not be processed.');
    }
    const refused = databaseRefusal(err);
    if (refused) {
      // A value the schema let through but the database refused (a NUL character, a year-0 date, an
      // integer past int4): the request was wrong and its transaction rolled back, so nothing was
      // stored. Still worth a warning: the route's schema should have caught it. No message: it can
      // quote the value.
      request.log.warn({ sqlstate: (err as { code?: unknown }).code, route: request.routeOptions.url }, 'database refused a request value');
      return sendError(reply, refused.code, refused.message);
    }
    if (isDatabaseUnreachable(err)) {
      request.log.warn({ err: { message: err.message, code: err.code }, route: request.routeOptions.url }, 'database unreachable');
      return sendError(reply, 'database_unavailable', DATABASE_UNREACHABLE);
    }
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'internal', 'Something went wrong on our side; it has been logged.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
}

/**
 * PostgreSQL's answer to a bad value (SQLSTATE class 22, data exception) or a broken rule (class
 * 23, integrity constraint), as a client error. Anything else from the database stays internal.
 */
function databaseRefusal(err: unknown): { code: ErrorCode; message: string } | undefined {
  const sqlstate = (err as { code?: unknown } | null)?.code;
  if (typeof sqlstate !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(sqlstate)) return undefined;
  if (sqlstate.startsWith('22')) {
    return { code: 'validation_failed', message: 'A value in the request cannot be stored: out of range, or containing characters such as NUL.' };
  }
  if (sqlstate === '23505' || sqlstate === '23P01') return { code: 'conflict', message: 'This conflicts with something that already exists.' };
  return { code: 'unprocessable', message: 'The request refers to something that does not exist or breaks a rule of the data.' };
}

/**
 * For Fastify's `frameworkErrors` option (app.ts): errors the router raises before any route runs —
 * a path with broken percent-encoding, a path parameter over maxParamLength — in the one error shape.
 */
export function handleFrameworkError(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL' || err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void sendError(reply, 'bad_request', 'The request path is not valid (broken %-encoding or a part too long).');
    return;
  }
  void sendError(reply, 'bad_request', 'The request could not be processed.');
}
