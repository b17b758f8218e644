// One Vite build for every browser app (DESIGN §2): each app is its own HTML entry under src/web,
// so the scanner's graph never pulls console code. Output goes to dist/web, which the server's
// web feature (src/server/web) serves (tests build into their own folder with --outDir). Three
// small plugins finish the job:
//   - service worker: src/web/sw.ts is built to a fixed /sw.js and told, per app, which files make
//     its offline shell (the precache list is only known once the bundle exists);
//   - precompression: .gz and .br next to every text asset, so the server sends compressed bytes
//     without compressing on each request (door phones pay per megabyte);
//   - build info: which sources and mode the build came from (scripts/web-build-info.ts), so the
//     start/demo auto-build knows when dist/web is stale or not a production build.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants as zlibConstants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { BUILD_INFO_FILE, SERVED_WEB_DIR, webSourcesFingerprint, type WebBuildInfo } from './scripts/web-build-info.ts';

const ROOT = resolve(import.meta.dirname, 'src/web');
const OUT_DIR = SERVED_WEB_DIR;

/** HTML entries: app name → file under src/web. The server maps routes to these files. */
export const WEB_ENTRIES = {
  scan: 'scan.html',
  console: 'console.html',
  attendee: 'attendee.html',
} as const;

/** Apps whose shell the service worker keeps for offline use (the console needs the network anyway). */
const OFFLINE_APPS: (keyof typeof WEB_ENTRIES)[] = ['scan', 'attendee'];

/**
 * Lazily loaded files never precached: the zxing fallback decoder only loads where it is needed,
 * and the Ethiopic web font only where Amharic shows on a device without its own Ethiopic font —
 * the first time it does (online), the worker's cache-first rule keeps it for offline use.
 */
const NOT_PRECACHED = /zxing|\.woff2?$/i;

interface OutputChunkLike { type: 'chunk'; fileName: string; imports: string[]; dynamicImports: string[]; viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> }; facadeModuleId: string | null; code: string; name: string }
interface OutputAssetLike { type: 'asset'; fileName: string }
type BundleLike = Record<string, OutputChunkLike | OutputAssetLike>;

/** Every file an HTML entry loads, statically and (optionally) through dynamic imports. */
function entryFiles(bundle: BundleLike, htmlFile: string, includeDynamic: boolean): string[] {
  const html = bundle[htmlFile];
  if (!html) return [];
  const entry = Object.values(bundle).find(
    (c): c is OutputChunkLike => c.type === 'chunk' && c.facadeModuleId === join(ROOT, htmlFile),
  );
  const files = new Set<string>([htmlFile]);
  const visit = (fileName: string) => {
    const chunk = bundle[fileName];
    if (!chunk || files.has(fileName) || NOT_PRECACHED.test(fileName)) return;
    files.add(fileName);
    if (chunk.type !== 'chunk') return;
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const asset of chunk.viteMetadata?.importedAssets ?? []) if (!NOT_PRECACHED.test(asset)) files.add(asset);
    chunk.imports.forEach(visit);
    if (includeDynamic) chunk.dynamicImports.forEach(visit);
  };
  if (entry) visit(entry.fileName);
  return [...files];
}

function serviceWorkerPlugin(): Plugin {
  return {
    name: 'karibu-service-worker',
    apply: 'build',
    // After Vite's own HTML plugin, so the HTML entries are in the bundle.
    enforce: 'post',
    generateBundle(_options, rawBundle) {
      const bundle = rawBundle as unknown as BundleLike;
      const sw = Object.values(bundle).find((c): c is OutputChunkLike => c.type === 'chunk' && c.name === 'sw');
      if (!sw) throw new Error('service worker chunk missing');
      if (sw.imports.length > 0) throw new Error(`sw.js must not import shared chunks (imports ${sw.imports.join(', ')})`);
      // A missing file would fail the worker's install (cache.addAll is all-or-nothing).
      const publicFiles = ['manifest.webmanifest', 'icon.svg', 'icon-192.png', 'icon-512.png'];
      const missing = publicFiles.filter((f) => !existsSync(join(ROOT, 'public', f)));
      if (missing.length > 0) throw new Error(`src/web/public is missing ${missing.join(', ')}`);
      const precache: Record<string, string[]> = {};
      for (const app of OFFLINE_APPS) {
        precache[app] = [...entryFiles(bundle, WEB_ENTRIES[app], true), ...(app === 'scan' ? publicFiles : [])]
          .map((f) => `/${f}`);
      }
      // The version changes whenever any precached file does (their names carry content hashes),
      // so a new build installs a new worker and drops the old shell.
      const version = createHash('sha256').update(JSON.stringify(precache)).digest('hex').slice(0, 12);
      // The minifier may quote the marker with ', " or `.
      const marker = /(["'`])__KARIBU_PRECACHE__\1/;
      if (!marker.test(sw.code)) throw new Error('precache marker missing in sw.js');
      sw.code = sw.code.replace(marker, () => JSON.stringify({ version, precache }));
    },
  };
}

const COMPRESSIBLE = /\.(js|css|html|svg|webmanifest|json|wasm|txt)$/;

function precompressPlugin(): Plugin {
  let outDir = OUT_DIR;
  return {
    name: 'karibu-precompress',
    apply: 'build',
    // The resolved outDir, not the default: tests build into private directories.
    configResolved(config) { outDir = resolve(config.root, config.build.outDir); },
    async closeBundle() {
      const walk = async (dir: string): Promise<string[]> => {
        const out: string[] = [];
        for (const entry of await readdir(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) out.push(...await walk(path));
          else if (COMPRESSIBLE.test(entry.name)) out.push(path);
        }
        return out;
      };
      for (const file of await walk(outDir)) {
        if ((await stat(file)).size < 512) continue;
        const bytes = await readFile(file);
        await writeFile(`${file}.gz`, gzipSync(bytes, { level: 9 }));
        await writeFile(`${file}.br`, brotliCompressSync(bytes, {
          params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
        }));
      }
    },
  };
}

function buildInfoPlugin(): Plugin {
  let outDir = OUT_DIR;
  let production = true;
  let mode = 'production';
  let fingerprint: Promise<string>;
  return {
    name: 'karibu-build-info',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      production = config.isProduction;
      mode = config.mode;
    },
    // Taken before bundling: a source edited during the build leaves the build marked stale.
    buildStart() { fingerprint = webSourcesFingerprint(); },
    async closeBundle() {
      const info: WebBuildInfo = { fingerprint: await fingerprint, production, mode };
      await writeFile(join(outDir, BUILD_INFO_FILE), JSON.stringify(info) + '\n');
    },
  };
}

// What a door phone reports as its app version: the release and the sources it was built from, so
// the console can tell a phone still running an old build from its service-worker cache.
const PACKAGE_VERSION = (JSON.parse(await readFile(join(import.meta.dirname, 'package.json'), 'utf8')) as { version: string }).version;
const APP_VERSION = `${PACKAGE_VERSION}+${(await webSourcesFingerprint()).slice(0, 8)}`;

export default defineConfig({
  root: ROOT,
  define: { __KARIBU_APP_VERSION__: JSON.stringify(APP_VERSION) },
  base: '/',
  publicDir: 'public',
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  build: {
    outDir: OUT_DIR,
    emptyOutDir: true,
    target: 'es2022',
    // Chromium (Android's WebView and browser) supports modulepreload natively; the polyfill is bytes.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    manifest: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        ...Object.fromEntries(Object.entries(WEB_ENTRIES).map(([name, file]) => [name, join(ROOT, file)])),
        sw: join(ROOT, 'sw.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  plugins: [serviceWorkerPlugin(), precompressPlugin(), buildInfoPlugin()],
});
