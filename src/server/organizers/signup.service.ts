import type { SignupBody } from '../../contracts/organizer.contract.ts';
import type { AppContext } from '../app-context.ts';
import { DomainError } from '../shared/domain-error.ts';
import { createOrganizer, type OrganizerCreated } from './organizers.service.ts';
import { sendSetupEmail } from './setup-email.ts';

/**
 * Self-service sign-up (KARIBU_SIGNUP=open). With SMTP the owner proves the address first: the
 * organizer is created with no usable password and the link that sets one is mailed — inside the
 * creating transaction, so when the mail server refuses nothing is left behind. Without SMTP there
 * is no way to confirm an address, so the owner's password is set at once.
 */
export type SignupResult =
  | { kind: 'created'; created: OrganizerCreated }
  | { kind: 'confirm_email'; email: string };

export async function signUp(ctx: Pick<AppContext, 'db' | 'config'>, input: SignupBody): Promise<SignupResult> {
  if (ctx.config.signup !== 'open') {
    throw new DomainError('forbidden', 'Sign-up is closed on this server: its operator creates organizers with `karibu org create` (or opens sign-up with KARIBU_SIGNUP=open).');
  }
  if (ctx.config.smtpUrl) {
    if (input.password !== undefined) {
      throw new DomainError('validation_failed', 'Leave out password: this server emails the owner a link to confirm the address, where the password is chosen.');
    }
    const { password: _none, ...rest } = input;
    const created = await createOrganizer(ctx, rest, 'signup', (c) => sendSetupEmail(ctx.config, {
      to: { name: c.owner.displayName, address: c.owner.email }, organizer: c.organizer.name, url: c.setupLink!.url, kind: 'signup', locale: c.organizer.defaultLanguage,
    }));
    return { kind: 'confirm_email', email: created.owner.email };
  }
  if (input.password === undefined) {
    throw new DomainError('validation_failed', 'password is required: this server sends no email (SMTP_URL is not set), so the owner’s password is set now.');
  }
  return { kind: 'created', created: await createOrganizer(ctx, input, 'owner') };
}
