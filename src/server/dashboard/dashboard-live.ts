import type { Dashboard } from '../../contracts/dashboard.contract.ts';
import type { AppContext } from '../app-context.ts';
import { withTenant, type Trx } from '../db/database.ts';
import { snapshotInfo } from '../sync/manifest.repository.ts';
import { MoveLedger } from './dashboard-ledger.ts';
import {
  figureKeys, lastChangeSeq, noShowRows, ticketFacts, ticketMoves, ticketsChangedSince, venueDevices,
  type ChangeCursor, type DeviceRow,
} from './dashboard.repository.ts';
import { assembleDashboard, NO_SHOW_NAMES, noShowsCounted, phoneList, readEvent, readParts, type PhoneList } from './dashboard.service.ts';

/**
 * The phones' list (a pass over the event's scans: 70 ms at 80,000) is read again in the
 * background, at most this often while the figures move: what the phones last reported and how
 * many scans each made may be this much behind the figures, never the figures themselves.
 */
export const DEVICES_EVERY_MS = 5_000;
/**
 * Everything is read whole again this often (and the phones' list when nothing moves), in the
 * background: the ledger starts afresh from the rows, whatever a change could have slipped past.
 * Sooner, at most every DEVICES_EVERY_MS, when new or renamed tickets are among the no-shows:
 * their places in name order come from a whole read.
 */
export const FULL_READ_MS = 60_000;

interface Whole { ledger: MoveLedger; cursor: ChangeCursor; devices: PhoneList }

/**
 * One event's live dashboard in one process (a dashboard-hub channel's). The figures are kept in a
 * MoveLedger and brought up to date on each read from the tickets the change log says changed
 * since the last one — a read costs what changed, not the event's size. The rest (feed, conflicts,
 * zones, alerts, the no-shows' names) is read each time: a handful of rows each.
 */
export class LiveDashboard {
  private ledger: MoveLedger;
  private cursor: ChangeCursor;
  private devices: PhoneList;
  private wholeAt = Date.now();
  private devicesAt = Date.now();
  /** The figures moved since the phones' list was read. */
  private movedSinceDevices = false;
  private counting = false;
  private background: Promise<void> | undefined;
  /** A background read, taken over by the next read. */
  private fresh: Partial<Whole> | undefined;

  private constructor(private readonly ctx: AppContext, private readonly tenantId: string, private readonly eventId: string, whole: Whole) {
    ({ ledger: this.ledger, cursor: this.cursor, devices: this.devices } = whole);
  }

  static async load(ctx: AppContext, tenantId: string, eventId: string): Promise<LiveDashboard> {
    return new LiveDashboard(ctx, tenantId, eventId, await readWhole(ctx, tenantId, eventId));
  }

  /** A background read finished that the dashboards have not seen. */
  get refreshed(): boolean {
    return this.fresh !== undefined;
  }

  /** The dashboard now, in one repeatable-read transaction (figures, names and the rest agree). */
  async read(now: Date): Promise<Dashboard> {
    const fresh = this.fresh;
    this.fresh = undefined;
    // A whole read's ledger is at an older position than the one it replaces: the changes since
    // are read again below, and replacing a ticket twice gives what replacing it once does.
    if (fresh?.ledger && fresh.cursor) { this.ledger = fresh.ledger; this.cursor = fresh.cursor; }
    if (fresh?.devices) this.devices = fresh.devices;
    return withTenant(this.ctx.db, this.tenantId, async (trx) => {
      const event = await readEvent(trx, this.eventId);
      const { inFlight } = await snapshotInfo(trx);
      const changed = await ticketsChangedSince(trx, this.eventId, this.cursor);
      if (changed.ids.length > 0) {
        const rows = await ticketFacts(trx, this.eventId, changed.ids);
        this.ledger.replace(rows, await ticketMoves(trx, this.eventId, changed.ids), changed.ids);
        this.movedSinceDevices = true;
      }
      this.cursor = { seq: changed.seq, inFlight };
      this.counting = noShowsCounted(event, now);
      const { types, gates } = await figureKeys(trx, this.eventId, event.venue_id);
      const names = this.counting ? await noShowRows(trx, this.ledger.noShowIds(NO_SHOW_NAMES)) : [];
      const parts = await readParts(trx, event);
      return assembleDashboard(event, now, { ...this.ledger.figures(types, gates), no_show_list: names }, parts, this.devices);
    }, { isolation: 'repeatable read' });
  }

  /** Starts the background read that is due, if any (one at a time). */
  refreshIfDue(now = Date.now()): void {
    if (this.background || this.fresh) return;
    const whole = now - this.wholeAt >= FULL_READ_MS
      || (this.counting && this.ledger.namesIncomplete && now - this.wholeAt >= DEVICES_EVERY_MS);
    const devices = this.movedSinceDevices && now - this.devicesAt >= DEVICES_EVERY_MS;
    if (!whole && !devices) return;
    this.devicesAt = now;
    this.movedSinceDevices = false;
    if (whole) this.wholeAt = now;
    this.background = (whole
      ? readWhole(this.ctx, this.tenantId, this.eventId)
      : withTenant(this.ctx.db, this.tenantId, (trx) => venueDevicesOf(trx, this.eventId)).then((d) => ({ devices: d })))
      .then((fresh) => { this.fresh = fresh; }, (err: unknown) => {
        this.ctx.log.warn({ err, eventId: this.eventId }, 'live dashboard could not read in the background; trying again later');
      })
      .finally(() => { this.background = undefined; });
  }
}

async function venueDevicesOf(trx: Trx, eventId: string): Promise<PhoneList> {
  const event = await readEvent(trx, eventId);
  return phoneList(trx, eventId, event.venue_id);
}

/** Everything the live figures keep, read whole in one snapshot, with the change log's position in it. */
async function readWhole(ctx: AppContext, tenantId: string, eventId: string): Promise<Whole> {
  const read = await withTenant(ctx.db, tenantId, async (trx) => {
    const { inFlight } = await snapshotInfo(trx);
    const seq = await lastChangeSeq(trx, eventId);
    const rows = await ticketFacts(trx, eventId);
    return { rows, moves: await ticketMoves(trx, eventId), cursor: { seq, inFlight }, devices: await venueDevicesOf(trx, eventId) };
  }, { isolation: 'repeatable read' });
  // Built after the transaction, in pieces: the door's scans are answered in between.
  const ledger = await MoveLedger.build(read.rows, read.moves, MoveLedger.byName(read.rows));
  return { ledger, cursor: read.cursor, devices: read.devices };
}
