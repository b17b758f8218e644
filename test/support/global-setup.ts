import { ensurePgliteTemplate, ensurePostgresTemplate } from './template-db.ts';

/** Runs once before all test files: builds the migrated database templates they copy. */
export default async function globalSetup(): Promise<void> {
  await ensurePgliteTemplate();
  const url = process.env.TEST_DATABASE_URL;
  if (url) await ensurePostgresTemplate(url);
}
