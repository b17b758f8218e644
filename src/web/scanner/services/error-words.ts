// The server's errors in the phone's language. The server's own message is English and written
// for developers; door staff may read Amharic or Arabic, so a screen shows words from the catalog
// chosen by the error's code, and an unknown code says the status and "try again".
import { ApiError, NetworkError } from '../../shared/api-client.ts';
import { t } from '../i18n.ts';
import type { MessageKey } from '../messages/en.ts';

/** Codes any door action can meet. */
const DOOR_WORDS: Record<string, MessageKey> = {
  unauthorized: 'error.signInAgain', rate_limited: 'error.tooMany', locked_out: 'error.tooMany',
};

/** What to show for an error; `words` adds or overrides codes for one screen (setup, pairing). */
export function errorWords(err: unknown, words: Record<string, MessageKey> = {}): string {
  if (err instanceof NetworkError) return t('error.network');
  if (err instanceof ApiError) {
    const key = words[err.code] ?? DOOR_WORDS[err.code];
    return key ? t(key) : t('error.server', { status: String(err.status) });
  }
  // Not from the server: a fault of the phone itself (storage full, a browser refusal).
  return t('error.generic', { message: err instanceof Error ? err.name : String(err) });
}
