import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Validation and normalisation of a ticket holder as typed by people (API callers, CSV files,
 * the registration form). One set of rules for every way a ticket comes in, so a holder accepted
 * by the import is accepted by the API and the other way round.
 */

export const DEFAULT_PHONE_REGION = 'NG';

export type HolderProblem = 'missing_name' | 'name_too_long' | 'bad_email' | 'bad_phone';

export interface HolderInput { name?: string | null; email?: string | null; phone?: string | null }
export interface Holder { name: string; email: string | null; phone: string | null }

export type HolderCheck =
  | { ok: true; holder: Holder }
  | { ok: false; problem: HolderProblem; field: 'name' | 'email' | 'phone'; message: string };

// Pragmatic, not RFC 5322: one @, no spaces or control characters, a dot in the domain, a TLD of
// letters. It rejects what people actually mistype ("ada@gmail", "ada gmail.com", "ada@@x.ng").
const EMAIL = /^[^\s@"<>(),;:\\[\]]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function normalizeName(raw: string | null | undefined): string {
  return (raw ?? '').normalize('NFC').replace(/\s+/g, ' ').trim();
}

export function normalizeEmail(raw: string | null | undefined): string | null | 'invalid' {
  const email = (raw ?? '').trim();
  if (email === '') return null;
  if (email.length > 254 || !EMAIL.test(email)) return 'invalid';
  return email.toLowerCase();
}

/** E.164 (+2348031234567) from what people type: "0803 123 4567" with the region, or "+234…". */
export function normalizePhone(raw: string | null | undefined, region: string = DEFAULT_PHONE_REGION): string | null | 'invalid' {
  const phone = (raw ?? '').trim();
  if (phone === '') return null;
  if (phone.length > 40) return 'invalid';
  const parsed = parsePhoneNumberFromString(phone, isPhoneRegion(region) ? region : DEFAULT_PHONE_REGION);
  if (!parsed || !parsed.isValid()) return 'invalid';
  return parsed.number;
}

export function isPhoneRegion(region: string): region is CountryCode {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}

export function checkHolder(input: HolderInput, region: string = DEFAULT_PHONE_REGION): HolderCheck {
  const name = normalizeName(input.name);
  if (name === '' ) return { ok: false, problem: 'missing_name', field: 'name', message: 'A name is required.' };
  if (name.length > 200 || CONTROL.test(name)) {
    return { ok: false, problem: 'name_too_long', field: 'name', message: 'The name must be at most 200 printable characters.' };
  }
  const email = normalizeEmail(input.email);
  if (email === 'invalid') return { ok: false, problem: 'bad_email', field: 'email', message: 'The email address is not valid.' };
  const phone = normalizePhone(input.phone, region);
  if (phone === 'invalid') {
    return { ok: false, problem: 'bad_phone', field: 'phone', message: `The phone number is not a valid number (region ${region}).` };
  }
  return { ok: true, holder: { name, email, phone } };
}

/**
 * The identity two tickets share when they are "the same person twice" (imports, registration):
 * same email and same name (case and spacing ignored); without an email, same phone and name.
 * Without either, a name alone is not a duplicate (two guests may share a name).
 */
export function holderDuplicateKey(holder: Holder): string | null {
  const name = holder.name.toLowerCase();
  if (holder.email) return `e:${holder.email}\u0000${name}`;
  if (holder.phone) return `p:${holder.phone}\u0000${name}`;
  return null;
}
