// Builds the browser apps (dist/web) unless they are a production build of today's sources, so
// `npm start` and `npm run demo` always serve the current scanner and ticket pages — never a
// stale build, nor one made in test mode. A fresh build takes a few seconds; an up-to-date one
// costs hashing the web sources (tens of milliseconds).
import { buildWeb, SERVED_WEB_DIR, webBuildState } from './web-build-info.ts';

const REASONS = {
  missing: 'Building the web app (dist/web)…',
  stale: 'Web app sources changed: rebuilding dist/web…',
  'not-production': 'dist/web is not a production build (a test or development build): rebuilding it…',
} as const;

const state = await webBuildState(SERVED_WEB_DIR);
if (state !== 'current') {
  console.log(REASONS[state]);
  try {
    await buildWeb(SERVED_WEB_DIR);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
