// The walls between parts of the code, checked on the real import graph (dependency-cruiser reads
// it through the TypeScript resolver, type-only imports included), so a layering mistake fails
// `npm test` instead of waiting for a reviewer:
//   - core (the decisions shared by server, offline replay and phone) imports nothing of ours;
//   - contracts (the wire shapes) import only core; the web apps never import the server, and
//     take only types from contracts (the schemas' code stays out of the phone's bundle);
//   - no cycle between server folders: each folder can be read, tested and changed from the ones
//     below it. The server's root files (app.ts, app-context.ts, main.ts, features.ts, config.ts)
//     are the composition root that wires every folder, so they stand outside the folder graph;
//   - offline upload (sync) judges with what it shares with online scanning (judging/), never by
//     reaching into scanning's routes or services;
//   - no import cycle between files anywhere.
// Run: `npm run check:boundaries` (also a test: test/foundation/import-boundaries.test.ts).
import { fileURLToPath } from 'node:url';
import { cruise } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/** One import; typeOnly when it is erased at build (`import type`), so it adds no bytes. */
export interface ImportEdge { from: string; to: string; typeOnly?: boolean }

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Every import from one of our source files (tests excluded) to another of our files. */
export async function importEdges(): Promise<ImportEdge[]> {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const tsConfig = extractTSConfig('tsconfig.json');
    const result = await cruise(['src'], {
      tsPreCompilationDeps: true,
      tsConfig: { fileName: 'tsconfig.json' },
      exclude: { path: '\\.test\\.ts$|/node_modules/' },
      doNotFollow: { path: 'node_modules' },
    }, undefined, { tsConfig });
    const output = result.output;
    if (typeof output === 'string') throw new Error('dependency-cruiser returned text, not a result');
    const edges: ImportEdge[] = [];
    for (const m of output.modules) {
      if (!m.source.startsWith('src/')) continue;
      for (const d of m.dependencies) {
        if (d.coreModule || d.couldNotResolve || !d.resolved.startsWith('src/')) continue;
        edges.push({ from: m.source, to: d.resolved, typeOnly: d.dependencyTypes.includes('type-only') });
      }
    }
    return edges;
  } finally {
    process.chdir(cwd);
  }
}

/** The server folder a file belongs to, or null for the composition root and non-server files. */
function serverFolder(path: string): string | null {
  return /^src\/server\/([^/]+)\//.exec(path)?.[1] ?? null;
}

/** Strongly connected groups of more than one node (Tarjan), each sorted, in a stable order. */
export function cycles(edges: Iterable<[string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)!.add(b);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter); low.set(v, counter); counter++;
    stack.push(v); onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); group.push(w); } while (w !== v);
      if (group.length > 1) found.push(group.sort());
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);
  return found.sort((x, y) => x[0]!.localeCompare(y[0]!));
}

/** What breaks a wall, one sentence each (empty when the code keeps them all). */
export function boundaryViolations(edges: ImportEdge[]): string[] {
  const out: string[] = [];
  for (const { from, to, typeOnly } of edges) {
    if (from.startsWith('src/core/') && !to.startsWith('src/core/')) out.push(`core imports ${to} (${from}): core imports nothing of ours`);
    if (from.startsWith('src/contracts/') && !to.startsWith('src/contracts/') && !to.startsWith('src/core/')) {
      out.push(`contracts import ${to} (${from}): wire shapes may use only core`);
    }
    if (from.startsWith('src/web/') && to.startsWith('src/server/')) out.push(`web imports the server: ${from} -> ${to}`);
    if (from.startsWith('src/web/') && to.startsWith('src/contracts/') && !typeOnly) {
      out.push(`web imports contract code, not types: ${from} -> ${to} (use import type: the schemas stay on the server)`);
    }
    if (from.startsWith('src/server/sync/') && /^src\/server\/scanning\/.*\.(routes|service)\.ts$/.test(to)) {
      out.push(`sync reaches into scanning: ${from} -> ${to} (share it through judging/)`);
    }
  }
  const folderEdges = new Map<string, string[]>();
  for (const { from, to } of edges) {
    const a = serverFolder(from);
    const b = serverFolder(to);
    if (!a || !b || a === b) continue;
    const key = `${a}>${b}`;
    if (!folderEdges.has(key)) folderEdges.set(key, []);
    folderEdges.get(key)!.push(`${from} -> ${to}`);
  }
  for (const group of cycles([...folderEdges.keys()].map((k) => k.split('>') as [string, string]))) {
    const inside = [...folderEdges].filter(([k]) => k.split('>').every((f) => group.includes(f))).map(([, v]) => v[0]);
    out.push(`server folders in a cycle: ${group.join(', ')} (${inside.join('; ')})`);
  }
  for (const group of cycles(edges.map((e) => [e.from, e.to]))) out.push(`files in an import cycle: ${group.join(', ')}`);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const problems = boundaryViolations(await importEdges());
  if (problems.length > 0) {
    console.error(`Import walls broken (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    process.exit(1);
  }
  console.log('import walls hold: core, contracts, web/server, server folders, sync/scanning, no file cycles');
}
