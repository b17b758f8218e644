import type { Config } from '../config.ts';
import { mailTransport } from '../notifications/mailer.ts';
import { DomainError } from '../shared/domain-error.ts';

/**
 * The email that carries a password-setup link, in the organizer's language. Whole sentences with
 * named placeholders, as the ticket email's catalogs do.
 */
const MESSAGES = {
  en: {
    subject: 'Set your Karibu password for {organizer}',
    greeting: 'Hello {name},',
    signup: 'Confirm your email address and choose a password for {organizer} on Karibu:',
    invite: 'You have been invited to {organizer} on Karibu. Choose your password here:',
    expiry: 'The link works once and expires in 24 hours. If you did not expect this email, ignore it.',
    signIn: 'Then sign in with {email}.',
  },
  fr: {
    subject: 'Choisissez votre mot de passe Karibu pour {organizer}',
    greeting: 'Bonjour {name},',
    signup: 'Confirmez votre adresse e-mail et choisissez un mot de passe pour {organizer} sur Karibu :',
    invite: 'Vous êtes invité·e à rejoindre {organizer} sur Karibu. Choisissez votre mot de passe ici :',
    expiry: 'Le lien ne sert qu’une fois et expire dans 24 heures. Si vous n’attendiez pas cet e-mail, ignorez-le.',
    signIn: 'Connectez-vous ensuite avec {email}.',
  },
} as const;

type Locale = keyof typeof MESSAGES;
const fill = (text: string, params: Record<string, string>) => text.replace(/\{(\w+)\}/g, (whole, k: string) => params[k] ?? whole);
const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface SetupEmail { to: { name: string; address: string }; organizer: string; url: string; kind: 'signup' | 'invite'; locale: string | null }

/** Sends the link or throws: not_configured without SMTP, unavailable when the relay refuses. */
export async function sendSetupEmail(config: Config, mail: SetupEmail): Promise<void> {
  const transport = mailTransport(config);
  if (!transport) throw new DomainError('not_configured', 'Email is not configured on this server (SMTP_URL is not set), so the link was not sent.');
  const locale: Locale = (mail.locale ?? '').toLowerCase().startsWith('fr') ? 'fr' : 'en';
  const m = MESSAGES[locale];
  const params = { organizer: mail.organizer, name: mail.to.name, email: mail.to.address };
  const lines = [fill(m.greeting, params), '', fill(m[mail.kind], params), mail.url, '', fill(m.expiry, params), fill(m.signIn, params)];
  try {
    await transport.sendMail({
      from: config.smtpFrom, to: mail.to, subject: fill(m.subject, params),
      text: lines.join('\n'),
      html: `<p>${escape(lines[0]!)}</p><p>${escape(lines[2]!)}<br><a href="${escape(mail.url)}">${escape(mail.url)}</a></p><p>${escape(lines[5]!)}<br>${escape(lines[6]!)}</p>`,
    });
  } catch {
    throw new DomainError('unavailable', 'The mail server did not accept the message, so nothing was done; try again shortly.');
  }
}
