import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type InlineConfig, type PluginOption } from 'vite';

/**
 * Builds the browser apps with the project's own Vite config into a private directory, so this
 * test never races another engineer's `dist/web`. Only the precompression plugin is left out (it
 * writes into the fixed dist/web; compressed copies change nothing a browser test looks at).
 */
export async function buildWebApp(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'karibu-web-e2e-'));
  const config = (await import('../../../vite.config.ts')).default as InlineConfig;
  const plugins = ((config.plugins ?? []) as PluginOption[]).flat()
    .filter((p) => !(p && typeof p === 'object' && 'name' in p && p.name === 'karibu-precompress'));
  await build({
    ...config,
    configFile: false,
    logLevel: 'error',
    plugins,
    build: { ...config.build, outDir, emptyOutDir: true },
  });
  return outDir;
}
