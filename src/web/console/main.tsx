// Placeholder entry of the organizer console (/console): a later issue builds it. It is its own
// Vite entry so nothing of it ever reaches the scanner's bundle.
import { render } from 'preact';

render(<main style="font-family: system-ui; padding: 2rem"><h1>Karibu Console</h1><p>Coming soon.</p></main>, document.getElementById('app')!);
