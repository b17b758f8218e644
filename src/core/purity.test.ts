// Core must stay pure (DESIGN §2): the same code runs in Node, in the scanner and in replay, so it
// may not reach for a clock, randomness, I/O, Node built-ins or the DOM. This test reads every
// non-test source file of src/core and fails on any such reference.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = import.meta.dirname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Code without comments, so a comment may explain why e.g. the clock is not read. */
function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"])\/\/.*$/gm, '$1');
}

const FORBIDDEN: [RegExp, string][] = [
  [/\bfrom\s+['"]node:/, 'node: import'],
  [/\bimport\s*\(\s*['"]node:/, 'node: dynamic import'],
  [/\brequire\s*\(/, 'require()'],
  [/\bprocess\s*\./, 'process.'],
  [/\bDate\.now\b/, 'Date.now'],
  [/\bnew\s+Date\s*\(/, 'new Date('],
  [/\bMath\.random\b/, 'Math.random'],
  [/\bperformance\s*\./, 'performance.'],
  [/\bgetRandomValues\b/, 'getRandomValues'],
  [/\bwindow\b/, 'window'],
  [/\bdocument\b/, 'document'],
  [/\bnavigator\b/, 'navigator'],
  [/\blocalStorage\b|\bindexedDB\b/, 'browser storage'],
  [/\bfetch\s*\(/, 'fetch('],
  [/\bset(Timeout|Interval)\s*\(/, 'timers'],
];

const ALLOWED_IMPORT = /^(\.\/|\.\.\/|@noble\/(curves|hashes)\/)/;

describe('core purity', () => {
  const files = sources(root);

  it('finds the core sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files.map((f) => [relative(root, f), f]))('%s has no clock, randomness, I/O, node: or DOM access', (_name, file) => {
    const code = stripComments(readFileSync(file, 'utf8'));
    const found = FORBIDDEN.filter(([pattern]) => pattern.test(code)).map(([, label]) => label);
    expect(found).toEqual([]);
    const imports = [...code.matchAll(/\bfrom\s+['"]([^'"]+)['"]/g)].map((m) => m[1]!);
    expect(imports.filter((spec) => !ALLOWED_IMPORT.test(spec))).toEqual([]);
  });

  it('catches a forbidden reference (the checker itself works)', () => {
    const code = stripComments("// Date.now is fine in a comment\nconst t = Date.now();\nimport x from 'node:fs';");
    expect(FORBIDDEN.filter(([p]) => p.test(code)).map(([, l]) => l)).toEqual(['node: import', 'Date.now']);
  });
});
