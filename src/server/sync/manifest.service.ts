import { createHash } from 'node:crypto';
import {
  bytesToBase64Url, codeLookupKey, encodeTicketBlock, MANIFEST_DIGEST_LENGTH, pinLookupKey, sealName, type ManifestRecord, type Policy,
} from '../../core/index.ts';
import type { AppContext } from '../app-context.ts';
import type { DeviceBinding } from '../auth/principal.ts';
import { withTenant } from '../db/database.ts';
import { loadScanContext } from '../events/event-policy.service.ts';
import { ticketStateOf } from '../judging/check-in.service.ts';
import { DomainError } from '../shared/domain-error.ts';
import { renderTicketQr } from '../ticket-documents/ticket-render.service.ts';
import { measureOffset, storableOffset } from './device-clock.ts';
import { issuedToken, sealedNotes, type ManifestNote } from './manifest-notes.ts';
import { decodeCursor, encodeCursor, eventTag, MAX_XIDS, type ManifestCursor } from './manifest-cursor.ts';
import {
  deviceProfile, eventFacts, lowestSeqWrittenBy, manifestSessions, orderLeads, saveSeals, snapshotInfo, ticketsChangedAfter, touchDevice,
  type ManifestTicketRow, type NewSeal,
} from './manifest.repository.ts';
import { DEFAULT_PAGE } from '../../contracts/sync.contract.ts';
import { sessionRuleOf } from '../judging/session-rule.ts';

/**
 * Builds manifest pages (docs/sync-protocol.md §2): what a paired door phone needs to decide scans
 * offline, as a snapshot or a delta since a cursor, one page at a time.
 */

export interface ManifestRequest {
  tenantId: string;
  eventId: string;
  device: DeviceBinding;
  since?: string | undefined;
  limit?: number | undefined;
  /** The sync format the phone reads (default 2); 3 adds order groups to the names; 4 attention notes; 5 the sessions. */
  format?: 2 | 3 | 4 | 5 | undefined;
  /** The device's clock when it sent the request (X-Device-Time), for the clock offset. */
  deviceTime?: number | undefined;
  receivedAt: number;
}

/** A clear name; in format 3, with the lowest serial of its order when that is another ticket. */
export type ManifestName = [number, string] | [number, string, number];

/** A session for offline check-in at its room's door (format 5). */
export interface ManifestSession {
  id: string; name: string; zone: string | null; startsAt: number; endsAt: number; capacity: number | null;
  /** Type numbers the session admits; null = the types granting its room. */
  admitsTypeNos: number[] | null;
  /** Inside the session when this page was cut. */
  insideNow: number;
}

export interface ManifestPage {
  format: 2 | 3 | 4 | 5;
  eventId: string;
  full: boolean;
  reset: boolean;
  cursor: string;
  more: boolean;
  /** Highest change position delivered (the cursor's), for the phone to report. */
  position: number;
  serverTime: number;
  device: { id: string; kind: 'door' | 'kiosk'; names: boolean; clockOffsetMs: number | null };
  event: { name: string; timezone: string; doorsOpenAt: number | null; startsAt: number; endsAt: number | null };
  policy: Policy;
  gates: { id: string; name: string; zone: string }[];
  types: {
    typeNo: number; name: string; zones: string[]; allowStatic: boolean; validFrom: number | null; validUntil: number | null;
    /** Format 4, door devices: the type's note for staff (a class of tickets, not a person: in clear, like the type's name). */
    attentionNote?: string;
  }[];
  keys: { kid: number; publicKey: string; status: string }[];
  rotation?: { secret: string };
  ticketCount: number;
  tickets: string;
  names?: ManifestName[];
  /** Format 4, door devices: tickets' own notes, sealed under their QR. */
  notes?: ManifestNote[];
  /** Format 5: every page carries all of the event's sessions (they are few, and not per ticket). */
  sessions?: ManifestSession[];
  removed: number[];
}

const nodeSha256 = (bytes: Uint8Array): Uint8Array => createHash('sha256').update(bytes).digest();

export async function buildManifestPage(ctx: AppContext, req: ManifestRequest): Promise<ManifestPage> {
  const limit = req.limit ?? DEFAULT_PAGE;
  const tag = eventTag(req.eventId);
  let previous: ManifestCursor | null = null;
  if (req.since !== undefined && req.since !== '') {
    previous = decodeCursor(req.since);
    if (!previous) throw new DomainError('bad_request', 'since is not a manifest cursor; omit it to download a snapshot.');
  }
  const offset = req.deviceTime !== undefined ? measureOffset(req.receivedAt, req.deviceTime) : null;

  // One snapshot for every statement of the page (REPEATABLE READ): see manifest.repository.ts.
  const built = await withTenant(ctx.db, req.tenantId, async (trx) => {
    const device = await deviceProfile(trx, req.device.id);
    if (!device || device.revoked_at) throw new DomainError('forbidden', 'This device is not paired any more.');
    const kiosk = device.kind === 'kiosk';
    const names = device.allow_offline_names && !kiosk;
    const format = req.format ?? 2;
    // Order groups travel with the clear names only: a phone without names cannot search them.
    const groups = names && format >= 3;
    // Attention notes are for staff: never on a kiosk, which the attendee faces.
    const notes = !kiosk && format >= 4;
    // Continue the cursor only when it was cut for this event and this kind of device; otherwise
    // (permission changed, another event) start over so nothing the device may no longer hold stays.
    const continues = previous !== null && previous.eventTag === tag && previous.names === names && previous.kiosk === kiosk
      && previous.groups === groups && previous.notes === notes;
    const snapshot = !continues || previous!.snapshot;
    const reset = !continues;

    const scan = await loadScanContext(trx, req.eventId);
    const facts = await eventFacts(trx, req.eventId);
    if (!scan || !facts) throw new DomainError('not_found', 'Not found.');
    const info = await snapshotInfo(trx);
    if (info.inFlight.length > MAX_XIDS) throw new DomainError('unavailable', 'The server is very busy; retry the manifest shortly.');

    let after = continues ? previous!.seq : 0;
    if (continues) {
      const lowest = await lowestSeqWrittenBy(trx, req.eventId, previous!.inFlight);
      if (lowest !== null && lowest <= after) after = lowest - 1;
    }
    const rows = await ticketsChangedAfter(trx, req.eventId, after, limit + 1);
    const more = rows.length > limit;
    const page = more ? rows.slice(0, limit) : rows;
    const lastSeq = page.length > 0 ? page[page.length - 1]!.change_seq : after;

    const types = [...scan.typesByNo.values()].map((t) => ({
      typeNo: t.typeNo, name: t.name, zones: [...t.zones], allowStatic: t.allowStatic,
      validFrom: t.validFrom?.getTime() ?? null, validUntil: t.validUntil?.getTime() ?? null,
      ...(notes && t.attentionNote !== null ? { attentionNote: t.attentionNote } : {}),
    }));
    const { records, newSeals } = await toRecords(ctx, trx, req, page, { seal: !kiosk });
    const block = encodeTicketBlock(records, { eventId: req.eventId, types });
    const keys = (await ctx.keys.keyStatuses(trx, req.eventId)).map((k) => ({
      kid: k.kid, publicKey: bytesToBase64Url(k.publicKey), status: k.status,
    }));
    // The rotation secret lets a phone check anti-screenshot codes offline. Only attended door
    // phones hold it; a kiosk is unattended and attendee-facing.
    const rotation = kiosk ? undefined : { secret: bytesToBase64Url(await ctx.keys.rotationSecret(trx, req.tenantId, req.eventId)) };

    const cursor = encodeCursor({ snapshot: snapshot && more, names, kiosk, groups, notes, eventTag: tag, seq: lastSeq, inFlight: info.inFlight });
    const noteList = notes ? await sealedNotes(ctx, trx, req.eventId, page) : [];
    const sessions = format >= 5 ? (await manifestSessions(trx, req.eventId)).map((s) => {
      const rule = sessionRuleOf(s, scan);
      return { id: s.id, name: s.name, zone: s.zone, startsAt: rule.startsAt, endsAt: rule.endsAt, capacity: s.capacity, admitsTypeNos: rule.admitsTypeNos, insideNow: s.inside_now };
    }) : undefined;
    const leads = groups ? await orderLeads(trx, req.eventId, page.map((r) => r.serial)) : new Map<number, number>();
    const result: ManifestPage = {
      format, eventId: req.eventId, full: snapshot, reset, cursor, more, position: lastSeq, serverTime: info.serverTime,
      device: { id: device.id, kind: device.kind, names, clockOffsetMs: offset ?? device.clock_offset_ms },
      event: {
        name: scan.eventName, timezone: scan.timezone, doorsOpenAt: scan.policy.event.doorsOpenAt,
        startsAt: facts.starts_at.getTime(), endsAt: scan.policy.event.endsAt,
      },
      policy: scan.policy,
      gates: [...scan.gates.values()].map((g) => ({ id: g.id, name: g.name, zone: g.zone })),
      types, keys,
      ...(rotation ? { rotation } : {}),
      ticketCount: records.length,
      tickets: bytesToBase64Url(block),
      ...(names ? { names: page.map((r) => nameEntry(r.serial, r.holder_name, leads.get(r.serial))).sort((a, b) => a[0] - b[0]) } : {}),
      ...(notes ? { notes: noteList } : {}),
      ...(sessions ? { sessions } : {}),
      removed: [],
    };
    return { result, newSeals };
  }, { isolation: 'repeatable read' });

  // Side writes after the snapshot transaction: a REPEATABLE READ writer would fail on concurrent
  // downloads caching the same seals.
  await withTenant(ctx.db, req.tenantId, async (trx) => {
    if (built.newSeals.length > 0) await saveSeals(trx, built.newSeals);
    await touchDevice(trx, req.device.id, offset === null ? undefined : storableOffset(offset));
  });
  return built.result;
}

function nameEntry(serial: number, name: string, lead: number | undefined): ManifestName {
  return lead === undefined ? [serial, name] : [serial, name, lead];
}

async function toRecords(
  ctx: AppContext, trx: Parameters<typeof renderTicketQr>[1], req: ManifestRequest, rows: ManifestTicketRow[], opts: { seal: boolean },
): Promise<{ records: ManifestRecord[]; newSeals: NewSeal[] }> {
  const newSeals: NewSeal[] = [];
  const records: ManifestRecord[] = [];
  for (const row of rows) {
    const state = ticketStateOf(req.eventId, row);
    const record: ManifestRecord = {
      state, codeKey: codeLookupKey(req.eventId, row.code, nodeSha256), pinKey: pinLookupKey(req.eventId, row.pin, nodeSha256),
    };
    const tokenHash = row.token_hash ? new Uint8Array(row.token_hash) : null;
    if (tokenHash) record.digest = tokenHash.subarray(0, MANIFEST_DIGEST_LENGTH);
    if (opts.seal && tokenHash) {
      const cached = row.seal_valid && row.seal_ciphertext;
      if (cached) {
        record.sealed = { nameVersion: row.name_version, packed: row.seal_packed!, length: row.seal_length!, ciphertext: new Uint8Array(row.seal_ciphertext!) };
      } else if (row.kid !== null) {
        const sealed = await sealFor(ctx, trx, req.eventId, row, tokenHash);
        if (sealed) {
          record.sealed = sealed;
          newSeals.push({
            ticket_id: row.id, tenant_id: req.tenantId, event_id: req.eventId, token_hash: tokenHash, name_version: row.name_version,
            packed: sealed.packed, length: sealed.length, ciphertext: sealed.ciphertext,
          });
        }
      }
    }
    records.push(record);
  }
  return { records, newSeals };
}

/** Seals the holder name under the ticket's current QR, re-rendered (see issuedToken). */
async function sealFor(ctx: AppContext, trx: Parameters<typeof renderTicketQr>[1], eventId: string, row: ManifestTicketRow, tokenHash: Uint8Array) {
  const parsed = await issuedToken(ctx, trx, row, tokenHash);
  return parsed ? sealName(row.holder_name, parsed, eventId, row.serial, row.name_version) : undefined;
}
