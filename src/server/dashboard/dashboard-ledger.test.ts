import { describe, expect, it } from 'vitest';
import { MoveLedger } from './dashboard-ledger.ts';
import type { MoveRow, TicketFactRow } from './dashboard.repository.ts';

// 70 tickets named so that name order is not issue order ("Guest 1", "Guest 10", "Guest 11", …):
// the no-show names must come out in name order, across the 32-place words of the ledger's bitmap.
const ids = Array.from({ length: 70 }, (_, i) => `t${i + 1}`);
const byNameOrder = [...ids].sort((a, b) => (`Guest ${a.slice(1)}` < `Guest ${b.slice(1)}` ? -1 : 1));
const rows: TicketFactRow[] = ids.map((id) => ({ id, ticket_type_id: 'general', valid: true, name_version: 1, place: byNameOrder.indexOf(id) }));
const entry = (ticketId: string, minute = 1): MoveRow => ({ ticket_id: ticketId, gate_id: 'north', minute, exit: false });
const exit = (ticketId: string, minute = 2): MoveRow => ({ ticket_id: ticketId, gate_id: 'north', minute, exit: true });
const changed = (id: string, over: Partial<TicketFactRow> = {}): TicketFactRow => ({ ...rows.find((r) => r.id === id)!, place: null, ...over });

describe('MoveLedger no-show names', () => {
  it('lists the first no-shows in name order and follows admissions, exits, undos, cancellations and renames', () => {
    // Everyone whose name sorts in the first 40 places came in, except two.
    const admitted = byNameOrder.slice(0, 40).filter((id) => id !== 't15' && id !== 't33');
    const ledger = new MoveLedger(rows, admitted.map((id) => entry(id)), MoveLedger.byName(rows));
    const absent = byNameOrder.filter((id) => !admitted.includes(id));
    expect(ledger.noShowIds(5)).toEqual(absent.slice(0, 5));
    expect(ledger.noShowIds(100)).toEqual(absent);
    expect(ledger.figures([{ id: 'general', name: 'General' }], []).no_shows).toBe(absent.length);

    // t15 arrives and leaves again: admitted once, so no longer a no-show.
    ledger.replace([changed('t15')], [entry('t15'), exit('t15')], ['t15']);
    // t33's only entry was undone (no standing move): still a no-show, in its place.
    ledger.replace([changed('t33')], [], ['t33']);
    // t41 is cancelled: not valid, so not expected and not a no-show.
    ledger.replace([changed('t41', { valid: false })], [], ['t41']);
    const now = absent.filter((id) => id !== 't15' && id !== 't41');
    expect(ledger.noShowIds(100)).toEqual(now);

    // t7's entry is undone: back among the no-shows, at its own place in name order.
    ledger.replace([changed('t7')], [], ['t7']);
    expect(ledger.noShowIds(100)).toEqual(byNameOrder.filter((id) => id === 't7' || now.includes(id)));

    // A renamed no-show has lost its place until the next full read says where it goes.
    ledger.replace([changed('t50', { name_version: 2 })], [], ['t50']);
    expect(ledger.namesIncomplete).toBe(true);
    expect(ledger.noShowIds(100)).not.toContain('t50');
  });
});

describe('MoveLedger.build', () => {
  it('builds in pieces the same ledger the constructor does, moves of tickets without a row included', async () => {
    const many: TicketFactRow[] = Array.from({ length: 12_000 }, (_, i) => ({ id: `m${i}`, ticket_type_id: i % 3 ? 'general' : 'vip', valid: i % 50 !== 0, name_version: 1, place: 11_999 - i }));
    const moves: MoveRow[] = [];
    for (let i = 0; i < 12_000; i += 2) {
      moves.push(entry(`m${i}`, i % 7));
      if (i % 6 === 0) moves.push(exit(`m${i}`, 8));
    }
    moves.push(entry('elsewhere', 3)); // a ticket of another event scanned at this one
    const types = [{ id: 'general', name: 'General' }, { id: 'vip', name: 'VIP' }];
    const gates = [{ id: 'north', name: 'North', zone_id: 'z' }];
    const whole = new MoveLedger(many, moves, MoveLedger.byName(many));
    const built = await MoveLedger.build(many, moves, MoveLedger.byName(many));
    expect(built.figures(types, gates)).toEqual(whole.figures(types, gates));
    expect(built.figures(types, gates).gates[0]!.entries).toBe(6_001);
    expect(built.noShowIds(100)).toEqual(whole.noShowIds(100));
  });
});
