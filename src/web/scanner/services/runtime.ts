// The scanner's long-lived objects (database, API client), created once at boot. Services import
// them from here instead of passing them through every component.
import { ApiClient, type Tokens } from '../../shared/api-client.ts';
import { kvSet, openScannerDb, type ScannerDb } from '../offline/scanner-db.ts';
import { session } from '../state.ts';

let dbHandle: ScannerDb | undefined;

export async function openRuntime(): Promise<void> {
  dbHandle ??= await openScannerDb();
}

export function db(): ScannerDb {
  if (!dbHandle) throw new Error('scanner database not open');
  return dbHandle;
}

export const api = new ApiClient({
  getTokens: () => session.value?.tokens ?? null,
  onTokens: (tokens: Tokens | null) => {
    const current = session.value;
    if (!current) return;
    const next = { ...current, tokens, tokensAt: tokens ? Date.now() : null };
    session.value = next;
    void kvSet(db(), 'session', next);
  },
});
