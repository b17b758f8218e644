import { loadConfig } from '../server/config.ts';
import { openConfiguredDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';
import { createOrganizer } from '../server/organizers/organizers.service.ts';
import { DomainError } from '../server/shared/domain-error.ts';

/**
 * `karibu org create --name N --owner-email E [--owner-name P] [--password-stdin]`: an organizer
 * and its owner, through the same service as sign-up. It opens the database directly (no server):
 * on the embedded database the server must be stopped (PGlite is one process's); on PostgreSQL it
 * runs while servers do. Prints a one-time link (24 h) where the owner sets a password, or — with
 * --password-stdin — sets the password read from standard input.
 * Exit codes: 0 created · 1 refused (the email has an account, a bad time zone) · 2 usage.
 */
export interface OrgCreateOptions {
  name: string;
  ownerEmail: string;
  ownerName?: string | undefined;
  password?: string | undefined;
  language?: string | undefined;
  timezone?: string | undefined;
}

export async function runOrgCreate(env: Record<string, string | undefined>, options: OrgCreateOptions, print: (line: string) => void): Promise<number> {
  if (options.password !== undefined && (options.password.length < 10 || options.password.length > 256)) {
    print('karibu org create: the password from standard input must be 10 to 256 characters.');
    return 2;
  }
  if (options.language !== undefined && options.language !== 'en' && options.language !== 'fr') {
    print('karibu org create: --language must be en or fr.');
    return 2;
  }
  const config = loadConfig({ LOG_LEVEL: 'error', ...env });
  const handle = await openConfiguredDatabase(config);
  try {
    await migrate(handle);
    const created = await createOrganizer({ db: handle.db, config }, {
      name: options.name, ownerEmail: options.ownerEmail, ownerName: options.ownerName, password: options.password,
      defaultLanguage: options.language, defaultTimezone: options.timezone,
    });
    print(`Organizer "${created.organizer.name}" created (id ${created.organizer.id}, slug ${created.organizer.slug}).`);
    print(`Owner: ${created.owner.displayName} <${created.owner.email}>`);
    if (created.setupLink) {
      print('The owner sets a password here (the link works once, until ' + created.setupLink.expiresAt.toISOString() + '):');
      print(`  ${created.setupLink.url}`);
    } else {
      print(`The owner can sign in now: POST ${config.publicUrl}/api/v1/auth/login with this email and the password given.`);
    }
    return 0;
  } catch (err) {
    if (err instanceof DomainError) {
      print(`karibu org create: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await handle.close();
  }
}

/** All of standard input as text, without the line end a shell's echo or a file adds. */
export async function readPasswordFromStdin(stream: NodeJS.ReadableStream = process.stdin): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}
