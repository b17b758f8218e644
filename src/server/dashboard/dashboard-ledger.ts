import type { GateRow, MinuteRow, MoveRow, TicketFactRow, TicketTypeRow } from './dashboard.repository.ts';

/** One standing move of a ticket (karibu_moved_ticket, not undone). */
interface Move { gateId: string | null; minute: number; exit: boolean }

/** A ticket as the figures see it: what moveFigures() reads for it from the tickets and the scans. */
interface TicketFacts {
  /** Its type when it is one of the event's tickets; null when only its scans are the event's. */
  typeId: string | null;
  valid: boolean;
  nameVersion: number;
  /** In time order (effective time, then scan id): the last one says where the ticket is. */
  moves: readonly Move[];
  /** Its place in name order at the last full read, while its name is the one it had then. */
  place?: number;
}

interface TypeTally { expected: number; checkedIn: number; insideNow: number; entries: number; exits: number }
interface FlowTally { entries: number; exits: number; inside: number }

const NO_MOVES: readonly Move[] = Object.freeze([]);
/** Tickets a build takes in one turn of the event loop (about 6 ms of work here). */
const BUILD_CHUNK = 5_000;

/**
 * The event's figures kept between reads, so a change costs a read of the tickets it touched
 * rather than of the whole event. Every figure is a sum over tickets of what each one adds
 * (admitted at least once, inside, its entries and exits by gate and minute, a no-show…), and what
 * one ticket adds depends only on its own row and its own standing moves — the moved-ticket rule
 * and "the latest move says where it is" both look no further than the ticket. So replacing a
 * ticket means taking out what it added and adding what it adds now: after the tickets a read
 * found changed are replaced, every sum is again what moveFigures() computes from all rows.
 *
 * About 150 bytes a ticket: 15 MB for an event of 100,000, per process watching it live.
 */
export class MoveLedger {
  private readonly tickets = new Map<string, TicketFacts>();
  private readonly byType = new Map<string, TypeTally>();
  private readonly byGate = new Map<string | null, FlowTally>();
  private readonly byMinute = new Map<number, FlowTally>();
  private noShows = 0;
  /** Valid, never admitted, and not placed in name order (issued or renamed since the full read). */
  private readonly unplaced = new Set<string>();
  /**
   * One bit per place in name order, set while the ticket placed there is a no-show: the first
   * names are found by skipping whole words of admitted tickets. A walk over the tickets instead
   * took 10 ms at 100,000 when the first 100 no-shows sat behind 30,000 admitted names — on the
   * event loop, four times a second, in front of the door's scans.
   */
  private readonly noShowBits: Uint32Array;

  /**
   * From a full read: every ticket of the event with its place in name order (holder name, id,
   * as SQL orders them), and every standing move of the event.
   */
  constructor(rows: TicketFactRow[], moves: MoveRow[], private readonly byName: string[] = []) {
    this.noShowBits = new Uint32Array(Math.ceil(byName.length / 32));
    this.replace(rows, moves, []);
  }

  /**
   * The same ledger as the constructor's, built BUILD_CHUNK tickets at a time with a turn of the
   * event loop between: at 100,000 tickets one build is some 120 ms of work, which in one piece
   * would hold every door scan behind it each time the figures are read whole.
   */
  static async build(rows: TicketFactRow[], moves: MoveRow[], byName: string[]): Promise<MoveLedger> {
    const ledger = new MoveLedger([], [], byName);
    const movesOf = new Map<string, MoveRow[]>();
    for (const m of moves) {
      const list = movesOf.get(m.ticket_id);
      if (list) list.push(m); else movesOf.set(m.ticket_id, [m]);
    }
    for (let from = 0; from < rows.length; from += BUILD_CHUNK) {
      const chunk = rows.slice(from, from + BUILD_CHUNK);
      const chunkMoves: MoveRow[] = [];
      for (const r of chunk) {
        const list = movesOf.get(r.id);
        if (list) { chunkMoves.push(...list); movesOf.delete(r.id); }
      }
      ledger.replace(chunk, chunkMoves, []);
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Scans of the event whose tickets are not among its rows still count where they moved.
    ledger.replace([], [...movesOf.values()].flat(), []);
    return ledger;
  }

  /** Ticket ids in name order, as of a full read (their places). */
  static byName(rows: TicketFactRow[]): string[] {
    const ids: string[] = [];
    for (const r of rows) if (r.place !== null) ids[r.place] = r.id;
    return ids;
  }

  /**
   * Replaces what the tickets `ids` add with what their rows and moves (read in one snapshot)
   * say now; a ticket without a row or a move adds nothing. A full read passes every row and no ids.
   */
  replace(rows: TicketFactRow[], moves: MoveRow[], ids: string[]): void {
    const next = new Map<string, TicketFacts>();
    for (const id of ids) next.set(id, { typeId: null, valid: false, nameVersion: 0, moves: NO_MOVES });
    for (const r of rows) {
      const facts: TicketFacts = { typeId: r.ticket_type_id, valid: r.valid, nameVersion: r.name_version, moves: NO_MOVES };
      if (r.place !== null) facts.place = r.place;
      next.set(r.id, facts);
    }
    for (const m of moves) {
      let facts = next.get(m.ticket_id);
      if (!facts) next.set(m.ticket_id, facts = { typeId: null, valid: false, nameVersion: 0, moves: NO_MOVES });
      if (facts.moves === NO_MOVES) facts.moves = [];
      (facts.moves as Move[]).push({ gateId: m.gate_id, minute: m.minute, exit: m.exit });
    }
    for (const [id, facts] of next) {
      const before = this.tickets.get(id);
      if (before) this.count(before, -1);
      if (before?.place !== undefined) this.markNoShow(before.place, false);
      // A ticket keeps its place in name order while its name is unchanged (others' places do not
      // move relative to it).
      if (before?.place !== undefined && facts.place === undefined && before.nameVersion === facts.nameVersion) facts.place = before.place;
      this.unplaced.delete(id);
      if (facts.typeId === null && facts.moves.length === 0) { this.tickets.delete(id); continue; }
      this.tickets.set(id, facts);
      this.count(facts, 1);
      if (isNoShow(facts)) {
        if (facts.place === undefined) this.unplaced.add(id);
        else this.markNoShow(facts.place, true);
      }
    }
  }

  /** Some valid ticket never admitted has no place in name order: the no-show names need a full read. */
  get namesIncomplete(): boolean {
    return this.unplaced.size > 0;
  }

  /** The first `limit` no-shows in name order (ids), among those placed. */
  noShowIds(limit: number): string[] {
    const ids: string[] = [];
    const bits = this.noShowBits;
    for (let w = 0; w < bits.length && ids.length < limit; w++) {
      let word = bits[w]!;
      while (word !== 0 && ids.length < limit) {
        const low = word & -word; // the lowest set bit: the next place in name order
        const place = w * 32 + 31 - Math.clz32(low);
        word ^= low;
        const id = this.byName[place];
        if (id !== undefined && this.tickets.get(id)?.place === place) ids.push(id);
      }
    }
    return ids;
  }

  private markNoShow(place: number, on: boolean): void {
    const w = place >>> 5;
    if (w >= this.noShowBits.length) return; // not a place of the full read this ledger began with
    const bit = 1 << (place & 31);
    this.noShowBits[w] = on ? this.noShowBits[w]! | bit : this.noShowBits[w]! & ~bit;
  }

  /** The figures in moveFigures()'s shapes, for the event's ticket types and the venue's gates (in their order). */
  figures(types: { id: string; name: string }[], gates: { id: string; name: string; zone_id: string }[]):
    { types: TicketTypeRow[]; gates: GateRow[]; minutes: MinuteRow[]; no_shows: number } {
    return {
      types: types.map((tt) => {
        const t = this.byType.get(tt.id);
        return { ticket_type_id: tt.id, name: tt.name, expected: t?.expected ?? 0, checked_in: t?.checkedIn ?? 0, inside_now: t?.insideNow ?? 0, entries: t?.entries ?? 0, exits: t?.exits ?? 0 };
      }),
      gates: gates.map((g) => {
        const f = this.byGate.get(g.id);
        return { gate_id: g.id, name: g.name, zone_id: g.zone_id, entries: f?.entries ?? 0, exits: f?.exits ?? 0, inside_through: f?.inside ?? 0 };
      }),
      minutes: [...this.byMinute].sort(([a], [b]) => a - b)
        .map(([minute, f]) => ({ minute: new Date(minute * 60_000).toISOString(), entries: f.entries, exits: f.exits })),
      no_shows: this.noShows,
    };
  }

  /** Adds (sign 1) or takes out (-1) what one ticket adds to every figure. */
  private count(f: TicketFacts, sign: 1 | -1): void {
    let entries = 0;
    for (const m of f.moves) {
      if (!m.exit) entries++;
      flow(this.byGate, m.gateId, m.exit, sign);
      flow(this.byMinute, m.minute, m.exit, sign);
    }
    const last = f.moves.at(-1);
    const inside = last !== undefined && !last.exit;
    if (inside) flow(this.byGate, last.gateId, undefined, sign);
    if (f.typeId === null) return;
    let t = this.byType.get(f.typeId);
    if (!t) this.byType.set(f.typeId, t = { expected: 0, checkedIn: 0, insideNow: 0, entries: 0, exits: 0 });
    if (f.valid) t.expected += sign;
    if (entries > 0) t.checkedIn += sign;
    if (inside) t.insideNow += sign;
    t.entries += sign * entries;
    t.exits += sign * (f.moves.length - entries);
    if (isNoShow(f)) this.noShows += sign;
  }
}

/** A valid ticket of the event never admitted (moveFigures()'s `absent`). */
function isNoShow(f: TicketFacts): boolean {
  return f.typeId !== null && f.valid && !f.moves.some((m) => !m.exit);
}

/** One move in or out of a tally (exit undefined: the ticket is inside through it); empty tallies go. */
function flow<K>(tallies: Map<K, FlowTally>, key: K, exit: boolean | undefined, sign: 1 | -1): void {
  let t = tallies.get(key);
  if (!t) tallies.set(key, t = { entries: 0, exits: 0, inside: 0 });
  if (exit === undefined) t.inside += sign;
  else if (exit) t.exits += sign;
  else t.entries += sign;
  if (t.entries === 0 && t.exits === 0 && t.inside === 0) tallies.delete(key);
}
