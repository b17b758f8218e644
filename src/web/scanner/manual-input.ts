// Feedback while staff type a ticket code or a PIN, character by character: how many are left,
// which character can never be in a code, and whether the check character says "typo" — so a
// mistyped code is caught at the door, before it is sent (and before it counts towards lockout).
// A whole ticket token (pasted, or typed by a handheld barcode scanner) is taken as a QR read.
import { checkHumanCodeInput, HUMAN_CODE_ALPHABET, TOKEN_PREFIX } from '../../core/index.ts';
import type { ScanInput } from '../shared/api-client.ts';
import type { MessageKey } from './messages/en.ts';

export interface ManualFeedback {
  tone: 'neutral' | 'error' | 'ok';
  message: MessageKey | null;
  params: Record<string, string | number>;
  /** What to send when staff press the button; null while the input cannot be valid. */
  submit: ScanInput | null;
}

const PIN_LENGTH = 6;
const CODE_LENGTH = 8;

/** Longest text the manual field takes: a ticket token with its rotating part, and some slack. */
export const MANUAL_MAX_LENGTH = 200;

export function manualFeedback(input: string): ManualFeedback {
  // The token is judged as the camera would have read it (the server and the phone parse it).
  const trimmed = input.trim();
  if (trimmed.toUpperCase().startsWith(TOKEN_PREFIX)) return { tone: 'ok', message: 'manual.validQr', params: {}, submit: { qr: trimmed } };
  const chars = input.toUpperCase().replace(/[\s\-_.]/g, '');
  if (chars === '') return { tone: 'neutral', message: null, params: {}, submit: null };
  const digitsOnly = /^[0-9]+$/.test(chars);
  // PINs are six digits and may hold 0 and 1, which codes never do; six digits or fewer read as a PIN.
  if (digitsOnly && chars.length <= PIN_LENGTH) {
    if (chars.length < PIN_LENGTH) return { tone: 'neutral', message: 'manual.pinLeft', params: { count: PIN_LENGTH - chars.length }, submit: null };
    return { tone: 'ok', message: 'manual.validPin', params: { pin: chars }, submit: { pin: chars } };
  }
  if (digitsOnly && /[01]/.test(chars)) return { tone: 'error', message: 'manual.tooLong', params: {}, submit: null };
  const check = checkHumanCodeInput(chars);
  switch (check.status) {
    case 'invalid_char': {
      const bad = [...chars].find((c) => !HUMAN_CODE_ALPHABET.includes(c)) ?? '';
      return { tone: 'error', message: 'manual.invalidChar', params: { char: bad }, submit: null };
    }
    case 'incomplete':
      return { tone: 'neutral', message: 'manual.codeLeft', params: { count: CODE_LENGTH - chars.length }, submit: null };
    case 'too_long':
      return { tone: 'error', message: 'manual.tooLong', params: {}, submit: null };
    case 'bad_check':
      return { tone: 'error', message: 'manual.badCheck', params: {}, submit: null };
    case 'valid':
      return { tone: 'ok', message: 'manual.validCode', params: { code: check.code! }, submit: { code: check.code! } };
  }
}
