import { parseArgs } from 'node:util';
import { runDemo } from './demo.command.ts';
import { runMigrate } from './migrate.command.ts';
import { runImport } from './import.command.ts';
import { readPasswordFromStdin, runOrgCreate } from './org.command.ts';
import { startServer } from '../server/main.ts';
import { ConfigError } from '../server/config.ts';

const USAGE = `karibu — offline-first event check-in

Usage:
  karibu start                       start the server on the existing data (same as npm start)
  karibu demo [--tickets N] [--out FILE] [--no-serve]
                                     create (or refresh) the demo organizer, venue, event and tickets,
                                     then start the server and print the URL and logins
  karibu migrate                     apply database migrations and exit
  karibu import FILE --event ID|SLUG [--strict] [--type T] [--region CC] [--out FILE]
                                     import tickets from a CSV file (name,email,phone,type,order_ref);
                                     prints the line and reason of every bad row; with --strict
                                     nothing is imported unless every row is valid (exit 1 if any row is bad)
  karibu org create --name NAME --owner-email EMAIL [--owner-name NAME] [--password-stdin]
                    [--language en|fr] [--timezone Africa/Lagos]
                                     create an organizer and its owner; prints a one-time link (24 h)
                                     where the owner sets a password, or reads it from standard input
                                     (embedded database: stop the server first; PostgreSQL: any time)
  karibu help                        this text

Configuration comes from the environment (see README: PORT, DATA_DIR, DATABASE_URL, REDIS_URL, …).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'start':
      await startServer(process.env);
      return -1;
    case 'migrate':
      return runMigrate(process.env);
    case 'demo': {
      const { values } = parseArgs({
        args: rest,
        options: { tickets: { type: 'string' }, out: { type: 'string' }, 'no-serve': { type: 'boolean' } },
        strict: true,
      });
      const tickets = values.tickets === undefined ? 5000 : Number(values.tickets);
      if (!Number.isInteger(tickets) || tickets < 0 || tickets > 200_000) {
        console.error('--tickets must be an integer between 0 and 200000');
        return 2;
      }
      return runDemo(process.env, { tickets, out: values.out, serve: !values['no-serve'] });
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest, allowPositionals: true, strict: true,
        options: { event: { type: 'string' }, strict: { type: 'boolean' }, type: { type: 'string' }, region: { type: 'string' }, out: { type: 'string' } },
      });
      if (positionals.length !== 1 || !values.event) {
        console.error('Usage: karibu import FILE --event ID|SLUG [--strict] [--type T] [--region CC] [--out FILE]');
        return 2;
      }
      return runImport(process.env, {
        file: positionals[0]!, event: values.event, strict: values.strict ?? false, type: values.type, region: values.region, out: values.out,
      });
    }
    case 'org': {
      const [sub, ...args] = rest;
      const { values } = parseArgs({
        args, strict: true,
        options: {
          name: { type: 'string' }, 'owner-email': { type: 'string' }, 'owner-name': { type: 'string' },
          'password-stdin': { type: 'boolean' }, language: { type: 'string' }, timezone: { type: 'string' },
        },
      });
      if (sub !== 'create' || !values.name || !values['owner-email']) {
        console.error('Usage: karibu org create --name NAME --owner-email EMAIL [--owner-name NAME] [--password-stdin] [--language en|fr] [--timezone ZONE]');
        return 2;
      }
      const password = values['password-stdin'] ? await readPasswordFromStdin() : undefined;
      return runOrgCreate(process.env, {
        name: values.name, ownerEmail: values['owner-email'], ownerName: values['owner-name'], password,
        language: values.language, timezone: values.timezone,
      }, (line) => console.log(line));
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

let settled = false;
// If the work ever waits on something that can no longer happen, Node would drain the event loop
// and exit 0 without a word. Say so and fail instead.
process.on('beforeExit', () => {
  if (!settled) {
    console.error('karibu: stopped before finishing (an internal wait never completed); nothing more was done.');
    process.exit(70);
  }
});

main(process.argv.slice(2)).then((code) => {
  settled = true;
  if (code >= 0) process.exitCode = code;
}).catch((err) => {
  settled = true;
  console.error(err instanceof ConfigError ? err.message : `karibu: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
