import { randomBytes, randomUUID } from 'node:crypto';
import type { CertificateCheck, CreditStatement } from '../../contracts/attendance.contract.ts';
import type { AppContext } from '../app-context.ts';
import { initials } from '../dashboard/dashboard.service.ts';
import { asSystem, withTenant } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import type { TicketDocument } from '../ticket-documents/ticket-document.service.ts';
import { findCreditTicket } from './attendance.repository.ts';
import { creditStatementFor } from './attendance.service.ts';

/**
 * CPD certificates. "Signed" by an unguessable code kept in `certificates` (migration 0031): the
 * PDF states {PUBLIC_URL}/api/v1/certificates/{code}, and that public route confirms what the
 * paper says (initials, event, credits, date) only while the server holds the code — a forged
 * paper carries a code nobody issued. No key material needed, and nothing personal leaks to
 * whoever guesses at codes (100 random bits; the route is rate-limited too).
 *
 * A re-download returns the newest certificate while its credits equal the ticket's current
 * total, so the code on a saved PDF stays valid; once more credits are earned (a later session),
 * the next download issues a new certificate and the old code still confirms what it said.
 */

// Crockford's base32: no I, L, O, U, so a code read off paper cannot be mistyped into another.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_LENGTH = 20;

export function newCertificateCode(): string {
  const bytes = randomBytes(CODE_LENGTH);
  return Array.from(bytes, (b) => ALPHABET[b & 31]).join('');
}

/** What people type back: any case, dashes and spaces dropped, look-alikes read as Crockford does. */
export function normaliseCertificateCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** XXXXX-XXXXX-XXXXX-XXXXX: how the code is printed, easier to read aloud and copy. */
export function groupedCode(code: string): string {
  return code.match(/.{1,5}/g)!.join('-');
}

export function verificationUrl(ctx: Pick<AppContext, 'config'>, code: string): string {
  return `${ctx.config.publicUrl}/api/v1/certificates/${code}`;
}

export interface IssuedCertificate {
  code: string;
  credits: number;
  issuedAt: Date;
  statement: CreditStatement;
  /** The language the holder chose for their ticket; null when they never said. */
  language: string | null;
}

/** The certificate for the ticket a link opened: the same one while credits are unchanged. */
export async function certificateFor(ctx: AppContext, doc: TicketDocument): Promise<IssuedCertificate> {
  return withTenant(ctx.db, doc.tenantId, async (trx) => {
    // The ticket row locked: two downloads at once must agree on one certificate, not issue two.
    await trx.selectFrom('tickets').select('id').where('id', '=', doc.ticketId).forUpdate().executeTakeFirst();
    const ticket = await findCreditTicket(trx, doc.eventId, doc.ticketId);
    if (!ticket) throw new DomainError('not_found', 'No such ticket.');
    const statement = await creditStatementFor(trx, doc.eventId, ticket);
    if (statement.totalCredits <= 0) throw new DomainError('conflict', 'No credits earned yet: a certificate is issued once a session’s credits are earned.');
    const latest = await trx.selectFrom('certificates').select(['code', 'credits', 'issued_at'])
      .where('ticket_id', '=', doc.ticketId).orderBy('issued_at', 'desc').limit(1).executeTakeFirst();
    if (latest && Number(latest.credits) === statement.totalCredits) {
      return { code: latest.code, credits: statement.totalCredits, issuedAt: latest.issued_at, statement, language: ticket.language };
    }
    const code = newCertificateCode();
    const row = await trx.insertInto('certificates').values({
      id: randomUUID(), tenant_id: doc.tenantId, event_id: doc.eventId, ticket_id: doc.ticketId, code,
      credits: statement.totalCredits, holder_initials: initials(ticket.holder_name) ?? '',
    }).returning('issued_at').executeTakeFirstOrThrow();
    return { code, credits: statement.totalCredits, issuedAt: row.issued_at, statement, language: ticket.language };
  });
}

/** The public check of a code: what the certificate says, or undefined when no such code was issued. */
export async function checkCertificate(ctx: AppContext, input: string): Promise<CertificateCheck | undefined> {
  const code = normaliseCertificateCode(input);
  if (!/^[0-9A-Z]{20}$/.test(code)) return undefined;
  // The one cross-tenant step: a code names its certificate wherever it was issued.
  const row = await asSystem(ctx.db, (trx) => trx.selectFrom('certificates as c')
    .innerJoin('events as e', 'e.id', 'c.event_id')
    .select(['c.holder_initials', 'c.credits', 'c.issued_at', 'e.name as event_name'])
    .where('c.code', '=', code).executeTakeFirst());
  if (!row) return undefined;
  return { holderInitials: row.holder_initials, eventName: row.event_name, credits: Number(row.credits), issuedOn: row.issued_at.toISOString().slice(0, 10) };
}
