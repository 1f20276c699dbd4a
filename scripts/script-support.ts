import path from 'node:path';
import { loadConfig, type Config } from '../src/config.js';
import { openDatabase, targetFromConfig, type DatabaseHandle } from '../src/db/connect.js';
import { DataDirInUseError } from '../src/db/data-dir-lock.js';

// What the command-line scripts share: the configured database, closed whatever happens, and
// exit codes without stack traces.

/** Bad arguments or unusable input: reported as one line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Opens the configured database (PostgreSQL when DATABASE_URL is set, else PGlite), runs `use`,
 * closes it. A PGlite folder that another process (the gateway) owns is refused with a
 * UsageError before anything is read or written; `alternative` completes its advice, e.g.
 * "manage keys with the createApiKey/revokeApiKey mutations".
 */
export async function withConfiguredDatabase<T>(
  use: (database: DatabaseHandle, description: string) => Promise<T>,
  options: { alternative?: string } = {},
): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let database: DatabaseHandle;
  try {
    database = await openDatabase(targetFromConfig(config, `scripts/${path.basename(process.argv[1] ?? 'script')}`));
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    throw new UsageError(error.holder && options.alternative ? `${error.message}, or ${options.alternative}` : error.message);
  }
  try {
    return await use(database, config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`);
  } finally {
    // PGlite writes its data folder on close: skipping this loses the import.
    await database.close();
  }
}

/** Runs a script; `main` returns the exit code. A failure prints one line: 2 for a UsageError, else 1. */
export async function runScript(main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (error) {
    const usage = error instanceof UsageError;
    console.error(`${usage ? '' : 'failed: '}${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = usage ? 2 : 1;
  }
}

/** Aligned columns, the first row being the header; numbers are right-aligned. */
export function formatTable(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => String(row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          typeof cell === 'number' ? String(cell).padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
