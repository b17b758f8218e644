import { buildApp } from '../../../src/server/app.ts';
import { loadConfig } from '../../../src/server/config.ts';
import type { DatabaseHandle } from '../../../src/server/db/database.ts';
import { bearer, doorSession, loginAs, PASSWORD, seedOrg } from '../../authz/fixtures.ts';
import type { Door, ScanTarget } from './fault-kit.ts';

/**
 * An organizer with `doors` door phones, each held by its own staff member (the per-device and
 * per-staff budgets are those of production: 10 and 20 scans/s), and `tickets` tickets, made by an
 * app in this process on the database the server process will then open.
 */
export async function seedDoors(database: DatabaseHandle, env: Record<string, string>, opts: { doors: number; tickets: number }): Promise<{ doors: Door[]; target: ScanTarget; tenantId: string }> {
  const app = await buildApp(loadConfig({ NODE_ENV: 'test', ...env }), { database, skipMigrations: true });
  try {
    const org = await seedOrg(app, { tickets: opts.tickets });
    const owner = await loginAs(app, org.staff.owner.email);
    const doors: Door[] = [];
    for (let i = 0; i < opts.doors; i++) {
      const email = `door-${i}-${org.tenantId.slice(0, 8)}@example.test`;
      const made = await app.inject({
        method: 'POST', url: '/api/v1/staff', headers: bearer(owner),
        payload: { email, displayName: `Door ${i}`, role: 'staff', password: PASSWORD, scopes: [{ venueId: org.venue.id, eventId: null }] },
      });
      if (made.statusCode !== 201) throw new Error(`staff ${i}: ${made.statusCode} ${made.body}`);
      const session = await doorSession(app, owner, email, org.venue.id);
      doors.push({ accessToken: session.accessToken, address: `10.20.${Math.floor(i / 250)}.${(i % 250) + 1}` });
    }
    return { doors, target: { eventId: org.event.id, gateId: org.venue.gates[0]!.id, tickets: org.tickets }, tenantId: org.tenantId };
  } finally {
    await app.close();
  }
}
