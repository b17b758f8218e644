import { benchWorld } from '/work/main/bench/reconcile-world.ts';
import { v7 as uuidv7 } from 'uuid';
import { sql } from 'kysely';
const world = await benchWorld({ name: 'prof', tickets: 20000, postgres: true, log: console.log });
try {
  const phone = await world.phone();
  const now = Date.now();
  for (let b = 0; b < 5; b++) {
    const scans = world.tickets.slice(b * 1000, b * 1000 + 1000).map((t, i) => ({ scanId: uuidv7(), qr: t.qr, gateId: world.gates[0]!.id, direction: 'in', scannedAt: now - 3600_000 + i, verdict: 'admitted', reason: 'admitted' }));
    const t0 = performance.now();
    const res = await world.app.inject({ method: 'POST', url: `/api/v1/events/${world.eventId}/scans/batch`, headers: { authorization: `Bearer ${phone.accessToken}` }, payload: { sentAt: Date.now(), scans } });
    console.log('batch', b, res.statusCode, Math.round(performance.now() - t0), 'ms');
  }
  // explain the lock query
  const serials = world.tickets.slice(6000, 7000).map((t) => t.serial);
  const r = await world.app.ctx.db.transaction().execute(async (trx) => {
    await sql`select set_config('role', 'karibu_app', true), set_config('karibu.tenant_id', ${world.tenantId}, true)`.execute(trx);
    return sql`explain analyze select t.id from tickets t join ticket_types tt on tt.id = t.ticket_type_id where t.event_id = ${world.eventId} and (t.serial = any(${serials}::int[]) or t.code = any(${[]}::text[]) or t.pin = any(${[]}::text[])) order by t.id for update of t`.execute(trx);
  });
  console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
} finally { await world.close(); }
