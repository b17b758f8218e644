// English messages of the console (bundled: the fallback). Whole sentences with named
// placeholders. Every other catalog is typed against these keys.
import type { Message } from '../../shared/i18n.ts';

const en = {
  'console.title': 'Karibu Console',
  'console.soon': 'Coming soon.',
  'setup.title': 'Choose your password',
  'setup.intro': 'Set the password you will sign in with. This link works once.',
  'setup.password': 'New password',
  'setup.confirm': 'Repeat the password',
  'setup.hint': 'At least 10 characters. A few words in a row are easy to remember and hard to guess.',
  'setup.submit': 'Set password',
  'setup.saving': 'Saving…',
  'setup.done': 'Your password is set. Sign in as {email}.',
  'setup.error.short': 'The password needs at least 10 characters.',
  'setup.error.mismatch': 'The two passwords are not the same.',
  'setup.error.noToken': 'This page needs the link from your email or from the person who invited you. Open that link again.',
  'setup.error.gone': 'This link has expired or was already used. Ask for a new one.',
  'setup.error.network': 'No connection. Check your network and try again.',
  'setup.error.other': 'That did not work ({message}). Try again.',
} satisfies Record<string, Message>;

export type MessageKey = keyof typeof en;
export default en as Record<MessageKey, Message>;
