// A vitest globalSetup: the PostgreSQL that a test project shares (a throwaway cluster of its
// own, or the one of TEST_DATABASE_URL), provided to the tests as `inject('databaseUrl')`.
// Each test server then uses a schema or a database of its own (createDatabase).
import type { TestProject } from 'vitest/node';
import { startPostgres } from './services.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const postgres = await startPostgres();
  project.provide('databaseUrl', postgres.url);
  return () => postgres.close();
}
