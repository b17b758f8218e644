import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { DomainError, ERROR_CODES, type ErrorCode } from '../shared/domain-error.ts';

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
};

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
  }),
}, { $id: 'ErrorBody' });

export function sendError(reply: FastifyReply, code: ErrorCode, message: string, headers?: Record<string, string>) {
  if (headers) reply.headers(headers);
  return reply.code(ERROR_STATUS[code]).type('application/json').send({ error: { code, message } });
}

function describeValidation(err: FastifyError): string {
  const first = err.validation?.[0];
  if (!first) return 'The request is not valid.';
  const where = err.validationContext ?? 'body';
  const path = first.instancePath ? `${where}${first.instancePath.replace(/\//g, '.')}` : where;
  const extra = first.params && 'additionalProperty' in first.params ? ` (${String(first.params.additionalProperty)})` : '';
  return `${path} ${first.message ?? 'is invalid'}${extra}`;
}

/** Maps everything thrown in a route to `{ error: { code, message } }` with the right status. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof DomainError) {
      if (err.code === 'internal') request.log.error({ err }, 'internal domain error');
      return sendError(reply, err.code, err.message);
    }
    if (err.validation) return sendError(reply, 'validation_failed', describeValidation(err));
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
    request.log.error({ err }, 'unhandled error');
    return sendError(reply, 'internal', 'Something went wrong on our side; it has been logged.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'route_not_found', `No route ${request.method} ${request.url.split('?')[0]}.`));
}
