// Path-based routes under /console (the server answers console.html for every /console/* path, so
// a deep link or a reload lands on the same page). One signal holds the current path.
import { signal } from '@preact/signals';

export const BASE = '/console';
export const path = signal(currentPath());

function currentPath(): string {
  const p = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  return p.replace(/\/+$/, '') || '/';
}

export function navigate(to: string, replace = false): void {
  const url = `${BASE}${to === '/' ? '' : to}`;
  if (replace) history.replaceState(null, '', url); else history.pushState(null, '', url);
  path.value = currentPath();
}

window.addEventListener('popstate', () => { path.value = currentPath(); });

/** Same-app links navigate without a reload; modified clicks (new tab) stay with the browser. */
export function onLinkClick(event: MouseEvent, to: string): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(to);
}
