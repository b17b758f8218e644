import { Type, type Static } from 'typebox';
import { LANGUAGES } from '../core/languages.ts';

/**
 * Event exports for managers (`/api/v1/events/{eventId}/exports/…`): the attendance list, the scan
 * log and the per-session counts as CSV, and a one-page PDF summary. The bodies are files, not
 * JSON: their columns are described in docs/api.md.
 */

export { EventParams as ExportParams } from './events.contract.ts';

export const CsvExportQuery = Type.Object({
  bom: Type.Optional(Type.Boolean({
    default: true,
    description: 'Start with a UTF-8 byte order mark (default), so Excel reads accented, Amharic and Arabic names right; false for scripts that do not want it',
  })),
}, { additionalProperties: false });
export type CsvExportQuery = Static<typeof CsvExportQuery>;

export const PdfExportQuery = Type.Object({
  lang: Type.Optional(Type.Enum(LANGUAGES, {
    description: 'Language of the PDF’s words, numbers and dates; without it, the best match of Accept-Language, else English. Arabic is laid out right to left',
  })),
}, { additionalProperties: false });
export type PdfExportQuery = Static<typeof PdfExportQuery>;

/** 200 of a CSV export: `text/csv; charset=utf-8`, sent as an attachment, streamed. */
export const CsvFile = Type.Unsafe<string>({ type: 'string', description: 'text/csv; charset=utf-8 (RFC 4180, CRLF), streamed as an attachment' });

/** 200 of the PDF summary. */
export const PdfFile = Type.Unsafe<Uint8Array>({ type: 'string', format: 'binary', description: 'application/pdf, one page' });
