// `npm run migrate`: brings the configured database to the newest migration and says what ran.
import { migrateToLatest } from '../src/db/migrate.js';
import { runScript, withConfiguredDatabase } from './script-support.js';

await runScript(() =>
  withConfiguredDatabase(async ({ db }, where) => {
    const results = await migrateToLatest(db);
    if (results.length === 0) console.log(`${where}: already at the newest migration.`);
    for (const result of results) console.log(`${where}: ${result.migrationName} ${result.status.toLowerCase()}`);
    return 0;
  }, { alternative: 'restart it: the gateway migrates the database when it starts' }),
);
