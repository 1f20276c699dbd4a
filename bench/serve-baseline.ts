import type { DatabaseTarget } from '../src/db/connect.js';
import { createBaselineServer } from './baseline-server.js';
import { serveForBench } from './bench-server.js';
import { openPool } from './open-pool.js';

// Child process: the baseline on a plain pg.Pool, sharing no code with the gateway.

const { pool, close } = await openPool(JSON.parse(process.argv[2]!) as DatabaseTarget);
const baseline = createBaselineServer(pool);
await serveForBench(baseline.handler, { statementCount: baseline.statementCount, close });
