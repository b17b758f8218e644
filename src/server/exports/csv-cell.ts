/**
 * One CSV cell and one CSV line, as every export writes them. Two concerns, in one place so no
 * export can forget either:
 *
 * - Formula neutralisation (OWASP "CSV injection"): a spreadsheet runs a cell that starts with
 *   `=`, `+`, `-` or `@` as a formula, and tab / CR lead some of them to the same. Holder names,
 *   e-mails and ticket type names are typed by attendees and integrations, so a name such as
 *   `=HYPERLINK("http://x")` must reach the organizer's Excel as text: such a cell gets a leading
 *   `'`, which spreadsheets show as text and no formula parser evaluates. Every cell passes here,
 *   our own values too, so "no cell starts with a formula character" holds without exceptions.
 * - RFC 4180 quoting: a cell holding a comma, a double quote, CR or LF is wrapped in double quotes
 *   with inner quotes doubled; lines end with CRLF.
 */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r']);
const NEEDS_QUOTES = /[",\r\n]/;

export type CsvValue = string | number | boolean | null | undefined;

/** The text of one cell, neutralised and quoted: null and undefined are empty, booleans yes/no. */
export function csvCell(value: CsvValue): string {
  let text = value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : String(value);
  if (text !== '' && FORMULA_START.has(text[0]!)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, CRLF-terminated. */
export function csvLine(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
