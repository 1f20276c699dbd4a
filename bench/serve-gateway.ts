import pino from 'pino';
import { loadConfig } from '../src/config.js';
import { openDatabase, type DatabaseTarget } from '../src/db/connect.js';
import { createGateway } from '../src/yoga.js';
import { serveForBench } from './bench-server.js';

// Child process: the gateway exactly as src/main.ts builds it. The database is already migrated
// and seeded by the bench. Only errors are logged, to stderr: costless while all goes well, and
// the one clue when a scenario fails with a masked "Unexpected error (id ...)".

const target = JSON.parse(process.argv[2]!) as DatabaseTarget;
// The gateway's own work on every request: no response cache, no rate limit (one client IP).
const settings = loadConfig({ RESPONSE_CACHE: 'false', RATE_LIMIT: 'false' });
const database = await openDatabase({ ...target, randomPageCost: settings.randomPageCost });
const gateway = createGateway({ database, logger: pino({ level: 'error' }, pino.destination(2)), settings });
await serveForBench(gateway, { statementCount: () => database.statementCount, close: () => database.close() });
