// Placeholder entry of the attendee pages (/t/…, /e/…): issue 7 builds them. Own Vite entry; it may
// register the shared service worker as `/sw.js?app=attendee` with scope `/t/` for offline tickets.
import { render } from 'preact';

render(<main style="font-family: system-ui; padding: 2rem"><h1>Karibu</h1></main>, document.getElementById('app')!);
