import { loadConfig } from '../server/config.ts';
import { openConfiguredDatabase } from '../server/db/database.ts';
import { migrate } from '../server/db/migrate.ts';

export async function runMigrate(env: Record<string, string | undefined>): Promise<number> {
  const config = loadConfig(env);
  const handle = await openConfiguredDatabase(config);
  try {
    const result = await migrate(handle);
    console.log(result.applied.length
      ? `Applied ${result.applied.length} migration(s): ${result.applied.join(', ')}`
      : `Database is up to date (${result.alreadyApplied} migrations).`);
    return 0;
  } finally {
    await handle.close();
  }
}
