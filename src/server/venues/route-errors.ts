import { ERROR_RESPONSE as errorResponse } from '../http/api-error.ts';

/** The error answers every venue, zone and gate route documents. */
export const errors = { 400: errorResponse, 401: errorResponse, 403: errorResponse, 404: errorResponse, 409: errorResponse, 422: errorResponse, 429: errorResponse };
