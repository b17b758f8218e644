/// <reference lib="webworker" />
// The service worker of every offline-capable app (scanner, attendee pages). One script, one
// registration per app: the app registers `/sw.js?app=<name>` with its own scope (the scanner uses
// `/scan`), and the worker precaches that app's shell only — a door phone never downloads the
// console, an attendee never downloads the scanner.
//
// Strategies (no Workbox: the whole worker is ~1 KB):
//   - navigations in scope  → the cached app HTML first (a door phone opens instantly on a collapsed
//     network); the network is only tried when nothing is cached. Freshness comes from the worker
//     itself: the browser re-checks /sw.js on navigation, a new build has a new precache version,
//     installs, and the next load gets the new shell.
//   - /assets/*             → cache first (file names carry content hashes, so a cached file is never
//     stale); misses are fetched and kept — this is how the lazily loaded zxing decoder and its
//     wasm get cached for offline use.
//   - everything else (API) → not touched: the app decides what to do offline.
declare const self: ServiceWorkerGlobalScope;

interface PrecacheManifest { version: string; precache: Record<string, string[]> }
// Replaced at build time by vite.config.ts with the real list (a JSON object literal).
const MANIFEST = '__KARIBU_PRECACHE__' as unknown as PrecacheManifest;

const app = new URL(self.location.href).searchParams.get('app') ?? 'scan';
const files = MANIFEST.precache[app] ?? [];
const SHELL_CACHE = `karibu-${app}-shell-${MANIFEST.version}`;
const ASSET_CACHE = 'karibu-assets';
const htmlFile = files.find((f) => f.endsWith('.html'));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL_CACHE);
    // `cache: 'reload'` skips the HTTP cache so the shell stored is the one this build produced.
    // All or nothing: a half-cached shell must not take over from a working one.
    await cache.addAll(files.map((f) => new Request(f, { cache: 'reload' }))).catch((err: unknown) => {
      console.error('karibu service worker: precaching the app shell failed', err);
      throw err;
    });
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const prefix = `karibu-${app}-shell-`;
    for (const name of await caches.keys()) {
      if (name.startsWith(prefix) && name !== SHELL_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromShell(request: Request | string): Promise<Response | undefined> {
  const cache = await caches.open(SHELL_CACHE);
  return cache.match(request, { ignoreSearch: typeof request !== 'string' && request.mode === 'navigate' });
}

async function navigation(request: Request): Promise<Response> {
  const cached = htmlFile ? await fromShell(htmlFile) : undefined;
  if (cached) return cached;
  return fetch(request);
}

async function asset(request: Request): Promise<Response> {
  const hit = (await fromShell(request)) ?? (await caches.match(request));
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    // Not awaited by the page: storing must not delay the response.
    caches.open(ASSET_CACHE).then((cache) => cache.put(request, copy)).catch(() => undefined);
  }
  return response;
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (url.pathname.startsWith('/assets/') || files.includes(url.pathname)) {
    event.respondWith(asset(request));
  }
});
