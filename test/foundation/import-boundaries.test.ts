import { describe, expect, it } from 'vitest';
import { boundaryViolations, cycles, importEdges, type ImportEdge } from '../../scripts/check-boundaries.ts';

const e = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });

describe('import walls', () => {
  it('hold on the real source tree', async () => {
    const edges = await importEdges();
    // The graph is really read: the scan route reaches the shared judge and core.
    expect(edges.some((x) => x.from.startsWith('src/server/scanning/') && x.to.startsWith('src/server/judging/'))).toBe(true);
    expect(edges.some((x) => x.from === 'src/server/auth/principal.ts' && x.typeOnly)).toBe(true);
    expect(boundaryViolations(edges)).toEqual([]);
  }, 60_000);

  it('name each kind of breach', () => {
    expect(boundaryViolations([e('src/core/decide.ts', 'src/server/db/database.ts')])).toEqual([
      'core imports src/server/db/database.ts (src/core/decide.ts): core imports nothing of ours',
    ]);
    expect(boundaryViolations([e('src/contracts/scan.contract.ts', 'src/server/http/api-error.ts')])[0]).toMatch(/^contracts import/);
    expect(boundaryViolations([e('src/contracts/scan.contract.ts', 'src/core/index.ts')])).toEqual([]);
    expect(boundaryViolations([e('src/web/scanner/app.ts', 'src/server/auth/principal.ts', true)])[0]).toMatch(/^web imports the server/);
    expect(boundaryViolations([e('src/web/shared/api-client.ts', 'src/contracts/common.contract.ts')])[0]).toMatch(/^web imports contract code/);
    expect(boundaryViolations([e('src/web/shared/api-client.ts', 'src/contracts/common.contract.ts', true)])).toEqual([]);
    expect(boundaryViolations([e('src/server/sync/upload.service.ts', 'src/server/scanning/scan.service.ts')])[0]).toMatch(/^sync reaches into scanning/);
    expect(boundaryViolations([e('src/server/sync/upload.service.ts', 'src/server/judging/lockout.ts')])).toEqual([]);
  });

  it('find a cycle between server folders through any files, and leave the composition root out', () => {
    const loop = [
      e('src/server/tickets/a.service.ts', 'src/server/notifications/b.service.ts'),
      e('src/server/notifications/b.service.ts', 'src/server/attendee/c.service.ts'),
      e('src/server/attendee/d.ts', 'src/server/tickets/e.ts', true),
    ];
    expect(boundaryViolations(loop)).toEqual([
      'server folders in a cycle: attendee, notifications, tickets (src/server/tickets/a.service.ts -> src/server/notifications/b.service.ts; '
        + 'src/server/notifications/b.service.ts -> src/server/attendee/c.service.ts; src/server/attendee/d.ts -> src/server/tickets/e.ts)',
    ]);
    // app-context.ts is imported by every folder and imports their types: not a folder.
    expect(boundaryViolations([e('src/server/app-context.ts', 'src/server/keys/k.ts'), e('src/server/keys/k.ts', 'src/server/app-context.ts')]))
      .toEqual(['files in an import cycle: src/server/app-context.ts, src/server/keys/k.ts']);
    expect(boundaryViolations([e('src/server/app.ts', 'src/server/keys/k.ts'), e('src/server/keys/k.ts', 'src/server/app-context.ts')])).toEqual([]);
  });

  it('group cycles the way Tarjan does', () => {
    expect(cycles([['a', 'b'], ['b', 'c'], ['c', 'a'], ['c', 'd'], ['d', 'e'], ['e', 'd'], ['f', 'f']])).toEqual([['a', 'b', 'c'], ['d', 'e']]);
  });
});
