/**
 * The closed set of error codes any layer may report. Services throw DomainError (never an HTTP
 * class); the HTTP layer maps each code to a status in http/api-error.ts.
 */
export const ERROR_CODES = [
  'bad_request', 'validation_failed', 'invalid_json', 'unauthorized', 'invalid_credentials',
  'token_expired', 'forbidden', 'not_found', 'route_not_found', 'conflict', 'already_exists',
  'idempotency_mismatch', 'gone', 'payload_too_large', 'unsupported_media_type', 'unprocessable',
  'capacity_reached', 'rate_limited', 'locked_out', 'not_configured', 'unavailable', 'draining',
  'internal',
  // An undo of a scan that moved no ticket (a refusal, a duplicate-window repeat, a conflict).
  'nothing_to_undo',
  'database_unavailable',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError extends Error {
  constructor(readonly code: ErrorCode, message: string, readonly details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
  }
}
