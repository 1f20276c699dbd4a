// `npm run import -- <file.json> [--demo]`: loads an import file (format: src/content/content-file.ts)
// into the configured database, record by record. Exit code 0: everything loaded; 1: some records
// were rejected (the others loaded) or the import failed; 2: unusable input, nothing was done.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ContentFileError, parseContentFile } from '../src/content/content-file.js';
import { importContent, type ImportReport } from '../src/content/importer.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { formatTable, runScript, UsageError, withConfiguredDatabase } from './script-support.js';

const usage = 'usage: npm run import -- <file.json> [--demo]';

function parseArguments(): { file: string; demo: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { demo: { type: 'boolean', default: false } } });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${usage}`);
  }
  const [file, ...extra] = parsed.positionals;
  if (!file || extra.length > 0) throw new UsageError(usage);
  return { file, demo: parsed.values.demo };
}

/** The file's content, checked for its overall shape before any database is opened. */
async function readContent(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    throw new UsageError(`cannot read ${file}: ${reason}`);
  }
  let content: unknown;
  try {
    content = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  try {
    parseContentFile(content);
  } catch (error) {
    if (error instanceof ContentFileError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  return content;
}

/** Progress on stderr for large files: every 100 records or every second, in place on a terminal. */
function progressOnStderr(): (done: number, total: number) => void {
  const inPlace = process.stderr.isTTY;
  let shownDone = 0;
  let shownAt = Date.now();
  return (done, total) => {
    if (total < 200) return;
    const finished = done === total;
    if (!finished && done - shownDone < 100 && Date.now() - shownAt < 1000) return;
    shownDone = done;
    shownAt = Date.now();
    const line = `imported ${done}/${total} records`;
    process.stderr.write(inPlace ? `\r${line}${finished ? '\n' : ''}` : `${line}\n`);
  };
}

function summary(report: ImportReport): string {
  const counts = formatTable([
    ['', 'inserted', 'updated', 'unchanged'],
    ...Object.entries(report.counts).map(([kind, count]) => [kind, count.inserted, count.updated, count.unchanged]),
  ]);
  if (report.rejected.length === 0) return `${counts}\nNo record was rejected.`;
  const rejected = formatTable([
    ['kind', 'index', 'slug', 'field', 'why'],
    ...report.rejected.map((record) => [record.kind, record.index, record.slug ?? '', record.field, record.message]),
  ]);
  const records = new Set(report.rejected.map((record) => `${record.kind}#${record.index}`)).size;
  return `${counts}\n\n${records} record(s) rejected, all the others loaded:\n${rejected}`;
}

await runScript(async () => {
  const { file, demo } = parseArguments();
  const content = await readContent(file);
  return withConfiguredDatabase(async ({ db }, where) => {
    await migrateToLatest(db);
    const report = await importContent(db, content, { demo, onProgress: progressOnStderr() });
    console.log(`Imported ${file} into ${where}${demo ? ' as demo content' : ''}.\n${summary(report)}`);
    return report.rejected.length > 0 ? 1 : 0;
  });
});
