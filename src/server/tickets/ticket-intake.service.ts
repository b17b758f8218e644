import { createHash } from 'node:crypto';
import { MAX_API_TICKETS, type IssueBody, type TicketView } from '../../contracts/tickets.contract.ts';
import type { AppContext } from '../app-context.ts';
import { audit, type AuditActorKind } from '../audit/audit.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { DomainError } from '../shared/domain-error.ts';
import { attentionNoteOf } from '../shared/attention-note.ts';
import { enqueueWebhookEvents, webhookTicket } from '../webhooks/webhook-outbox.ts';
import { checkHolder, DEFAULT_PHONE_REGION, isPhoneRegion } from './holder-input.ts';
import { issueTicketsInTransaction, MAX_TICKETS_PER_CALL, type IssuedTicket, type TicketInput } from './ticket-issuance.service.ts';
import { factsOfIssued, viewOfRow, viewOfIssued } from './ticket-view.ts';
import { prepareIssuancePhotos, storeProcessedPhoto } from '../photos/photo.service.ts';
import {
  claimIdempotency, completeIdempotency, eventExists, eventTicketTypes, ticketsForView, type IdempotencyRecord, type TicketTypeRow,
} from './tickets-in.repository.ts';

/**
 * Every way tickets come in (issuance API, CSV import, free registration, transfer) ends here:
 * issue in the caller's tenant transaction, announce `ticket.issued` to webhooks and write the
 * audit entry in that same transaction — all or nothing.
 */

export type IntakeDeps = Pick<AppContext, 'db' | 'keys' | 'config'>;
export interface Actor { kind: AuditActorKind; id: string | null }
export type IntakeSource = 'api' | 'import' | 'registration' | 'transfer';

export const IDEMPOTENCY_TTL_HOURS = 24;

export async function issueAndAnnounce(
  deps: IntakeDeps, trx: Trx, tenantId: string, eventId: string, inputs: TicketInput[], actor: Actor, source: IntakeSource,
  detail: Record<string, unknown> = {},
): Promise<IssuedTicket[]> {
  const issued: IssuedTicket[] = [];
  for (let i = 0; i < inputs.length; i += MAX_TICKETS_PER_CALL) {
    issued.push(...await issueTicketsInTransaction(deps, trx, tenantId, eventId, inputs.slice(i, i + MAX_TICKETS_PER_CALL)));
  }
  if (issued.length === 0) return issued;
  await enqueueWebhookEvents(trx, tenantId, issued.map((t) => ({
    type: 'ticket.issued' as const, data: { source, ticket: webhookTicket(factsOfIssued(eventId, t)) },
  })));
  await audit(trx, {
    tenantId, actorKind: actor.kind, actorId: actor.id, action: 'tickets.issued', subjectId: issued.length === 1 ? issued[0]!.id : eventId,
    detail: { eventId, source, count: issued.length, serials: [issued[0]!.serial, issued.at(-1)!.serial], ...detail },
  });
  return issued;
}

/** A ticket type named by number (`1`, "1"), by id, or by name (case-insensitive). */
export function resolveTicketType(types: readonly TicketTypeRow[], ref: number | string | null | undefined): TicketTypeRow | undefined {
  if (ref === null || ref === undefined || ref === '') return types.length === 1 ? types[0] : undefined;
  if (typeof ref === 'number') return types.find((t) => t.type_no === ref);
  const text = ref.trim();
  if (/^\d{1,5}$/.test(text)) return types.find((t) => t.type_no === Number(text));
  const lower = text.toLowerCase();
  return types.find((t) => t.id === lower) ?? types.find((t) => t.name.toLowerCase() === lower);
}

// ----- the issuance API -----

export interface IssueResult { tickets: TicketView[]; replayed: boolean }

/** SHA-256 over a canonical JSON (sorted keys): the same request always hashes the same. */
export function requestHash(value: unknown): Buffer {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return createHash('sha256').update(JSON.stringify(canonical(value))).digest();
}

/**
 * POST /events/{id}/tickets: validates every ticket first (a bad one fails the whole call, with
 * each problem named by its index), then issues all in one transaction. With an idempotency key,
 * a retry of the same request returns the first answer and issues nothing.
 */
export async function issueViaApi(
  deps: IntakeDeps & Pick<AppContext, 'masterKey'>, tenantId: string, eventId: string, actor: Actor, body: IssueBody, idempotencyKey?: string,
): Promise<IssueResult> {
  if (body.tickets.length < 1 || body.tickets.length > MAX_API_TICKETS) {
    throw new DomainError('bad_request', `Send between 1 and ${MAX_API_TICKETS} tickets per call.`);
  }
  const region = body.phoneRegion ?? DEFAULT_PHONE_REGION;
  if (!isPhoneRegion(region)) throw new DomainError('unprocessable', `phoneRegion "${region}" is not a known ISO 3166 country code.`);
  const scope = `issueTickets:${eventId}`;
  const hash = requestHash(body);
  // Photo check: decoded and re-encoded before the transaction (image work holds no connection).
  const photos = body.tickets.some((t) => t.photo !== undefined) ? await prepareIssuancePhotos(body.tickets, { allowPrivate: deps.config.photoFetchPrivate }) : [];

  return withTenant(deps.db, tenantId, async (trx) => {
    if (!(await eventExists(trx, eventId))) throw new DomainError('not_found', 'No such event.');
    if (idempotencyKey) {
      const earlier = await claimIdempotency(trx, tenantId, scope, idempotencyKey, hash, IDEMPOTENCY_TTL_HOURS);
      if (earlier) return { tickets: await replay(deps, trx, earlier, hash), replayed: true };
    }
    const types = await eventTicketTypes(trx, eventId);
    const problems: string[] = [];
    const inputs: TicketInput[] = body.tickets.map((t, i) => {
      const type = resolveTicketType(types, t.type);
      if (!type) problems.push(`tickets[${i}].type: ${t.type === undefined ? 'required (the event has several ticket types)' : `no ticket type "${t.type}" in this event`}`);
      const holder = checkHolder(t, region);
      if (!holder.ok) problems.push(`tickets[${i}].${holder.field}: ${holder.message}`);
      const orderRef = t.orderRef?.trim() || null;
      return {
        ticketTypeId: type?.id ?? '', holderName: holder.ok ? holder.holder.name : '',
        holderEmail: holder.ok ? holder.holder.email : null, holderPhone: holder.ok ? holder.holder.phone : null, orderRef,
        language: t.language ?? null, attentionNote: attentionNoteOf(t.attentionNote, `tickets[${i}].attentionNote`),
      };
    });
    if (problems.length > 0) {
      const more = problems.length > 10 ? ` (and ${problems.length - 10} more)` : '';
      throw new DomainError('unprocessable', `${problems.slice(0, 10).join('; ')}${more}`);
    }
    const issued = await issueAndAnnounce(deps, trx, tenantId, eventId, inputs, actor, 'api',
      idempotencyKey ? { idempotencyKey: true } : {});
    // In the same transaction: a photo for a type without photo check (403) issues nothing.
    for (const [i, photo] of photos.entries()) {
      if (photo) await storeProcessedPhoto(deps, trx, tenantId, eventId, issued[i]!.id, photo, { actorKind: actor.kind, actorId: actor.id });
    }
    if (idempotencyKey) await completeIdempotency(trx, tenantId, scope, idempotencyKey, issued.map((t) => t.id), {});
    const photoTypes = new Set(types.filter((x) => x.photo_check).map((x) => x.id));
    return {
      tickets: issued.map((t, i) => ({ ...viewOfIssued(eventId, t), ...(photoTypes.has(t.ticketTypeId) ? { photoCheck: true, hasPhoto: photos[i] != null } : {}) })),
      replayed: false,
    };
  });
}

/** Same key, same request → the tickets issued the first time, as they are now. */
export async function replay(deps: IntakeDeps, trx: Trx, earlier: IdempotencyRecord, hash: Uint8Array): Promise<TicketView[]> {
  if (!Buffer.from(earlier.request_hash).equals(Buffer.from(hash))) {
    throw new DomainError('idempotency_mismatch', 'This Idempotency-Key was used with a different request; use a new key for a new request.');
  }
  const out: TicketView[] = [];
  // One at a time: queries on one transaction's connection are sequential anyway.
  for (const row of await ticketsForView(trx, earlier.ticket_ids)) out.push(await viewOfRow(deps, trx, row));
  return out;
}
