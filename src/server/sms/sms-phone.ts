import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

/**
 * Phone numbers as the check-in compares them: E.164. Providers post senders as +254711…, but a
 * national form (0711…) or a number without its plus is read in the channel's own country, which
 * comes from the channel's number (a shortcode has none: Nigeria, as for tickets).
 */
const FALLBACK_REGION: CountryCode = 'NG';

export function channelRegion(channelNumber: string): CountryCode {
  if (!channelNumber.startsWith('+')) return FALLBACK_REGION;
  return parsePhoneNumberFromString(channelNumber)?.country ?? FALLBACK_REGION;
}

/** E.164 of a sender, or null when it is not a phone number at all. */
export function normalizeSender(raw: string, region: CountryCode): string | null {
  const text = raw.trim();
  if (text === '' || text.length > 32) return null;
  const parsed = parsePhoneNumberFromString(text, region)
    ?? (/^[1-9][0-9]{7,14}$/.test(text) ? parsePhoneNumberFromString(`+${text}`) : undefined);
  return parsed && parsed.isPossible() ? parsed.number : null;
}

/** The sender as the staff lookup shows it: all but the last three digits hidden. */
export function maskPhone(phone: string): string {
  return phone.length <= 4 ? '***' : `${phone.slice(0, phone.startsWith('+') ? 1 : 0)}${'•'.repeat(Math.max(3, phone.length - 4))}${phone.slice(-3)}`;
}
