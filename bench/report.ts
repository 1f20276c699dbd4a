import { PRODUCTION_NODE_FLAGS } from '../scripts/production-command.js';
import type { Measurement } from './load.js';
import type { MachineFacts } from './machine.js';
import type { BenchOptions } from './options.js';
import type { ScenarioSubjects } from './scenarios.js';

/** Everything one run measured: printed as a table, written as JSON for comparing commits. */
export interface BenchReport {
  machine: MachineFacts;
  database: { kind: 'postgres' | 'pglite'; description: string };
  options: BenchOptions & { warmupSeconds: number };
  corpus: { articles: number; buildSeconds: number | null; subjects: ScenarioSubjects };
  /** The baseline answers `list` only; every ratio divides by its req/s. */
  baseline: Measurement;
  /** The baseline sending its `list` answer from memory: the yardstick of `list-cached` (null without it). */
  baselineFromMemory: Measurement | null;
  /** RSS of the gateway a second after it started, before any load (the higher of the uncached and cached ones). */
  gatewayIdleRssMb: number;
  gateway: Array<Measurement & { baselineRatio: number }>;
  skipped: Array<{ scenario: string; reason: string }>;
}

export function withBaselineRatio(measurement: Measurement, baseline: Measurement) {
  return { ...measurement, baselineRatio: measurement.requestsPerSecond / baseline.requestsPerSecond };
}

const columns: Array<{ title: string; cell(row: Measurement & { baselineRatio: number }): string }> = [
  { title: 'server', cell: (row) => row.server },
  { title: 'scenario', cell: (row) => row.scenario },
  { title: 'req/s', cell: (row) => row.requestsPerSecond.toFixed(0) },
  { title: '× list baseline', cell: (row) => row.baselineRatio.toFixed(2) },
  { title: 'p50 ms', cell: (row) => row.latencyP50Ms.toFixed(1) },
  { title: 'p99 ms', cell: (row) => row.latencyP99Ms.toFixed(1) },
  { title: 'p99/p50', cell: (row) => (row.latencyP99Ms / Math.max(row.latencyP50Ms, 0.001)).toFixed(1) },
  { title: 'SQL/req', cell: (row) => row.statementsPerRequest.toFixed(2) },
  { title: 'CPU ms/req', cell: (row) => row.serverCpuMsPerRequest.toFixed(2) },
  { title: 'GC ms/req', cell: (row) => row.gcMsPerRequest.toFixed(2) },
  { title: 'PG CPU ms/req', cell: (row) => row.databaseCpuMsPerRequest?.toFixed(2) ?? 'n/a' },
  { title: 'peak RSS MB', cell: (row) => row.peakRssMb.toFixed(0) },
  { title: 'errors', cell: (row) => String(row.errors) },
  { title: 'non-2xx', cell: (row) => String(row.non2xx) },
];

function formatRows(rows: Array<Measurement & { baselineRatio: number }>): string[] {
  const cells = [columns.map((column) => column.title), ...rows.map((row) => columns.map((column) => column.cell(row)))];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => line[index]!.length)));
  // Text columns to the left, figures to the right.
  const line = (values: string[]) =>
    values.map((value, index) => (index < 2 ? value.padEnd(widths[index]!) : value.padStart(widths[index]!))).join('  ');
  return [line(cells[0]!), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)];
}

export function baselineRows(report: BenchReport) {
  const rows = [report.baseline, ...(report.baselineFromMemory ? [report.baselineFromMemory] : [])];
  return rows.map((row) => withBaselineRatio(row, report.baseline));
}

export function formatReport(report: BenchReport): string {
  const { machine, options, corpus } = report;
  const commit = machine.commit ? `commit ${machine.commit}${machine.dirty ? ' + uncommitted changes' : ''}` : 'no git commit';
  const corpusNote = corpus.buildSeconds === null ? 'reused' : `built in ${corpus.buildSeconds.toFixed(1)} s`;
  return [
    `Content gateway bench, ${machine.date}, ${commit}`,
    `Machine: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}`,
    `Database: ${report.database.description}; corpus ${corpus.articles} articles (${corpusNote})`,
    `Load: autocannon, ${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s per scenario; servers in child processes, NODE_ENV=production; gateway: node ${PRODUCTION_NODE_FLAGS.join(' ')} dist/main.js`,
    '',
    ...formatRows([...baselineRows(report), ...report.gateway]),
    '',
    '× list baseline: req/s divided by the baseline\'s req/s on `list` (one hand-written SQL statement,',
    'same JSON). Only `list` asks both for the same data; other scenarios are set against the same yardstick.',
    report.database.kind === 'pglite'
      ? 'CPU ms/req and peak RSS are the server process\'s, PGlite included: the database runs inside it.'
      : 'CPU ms/req and peak RSS are the server process\'s own; PG CPU ms/req is that of the PostgreSQL backends serving the bench database.',
    'GC ms/req: the server\'s main thread paused for garbage collection (Node\'s gc performance entries), part of its wall time.',
    `Gateway idle RSS after start: ${report.gatewayIdleRssMb.toFixed(0)} MB; list-cached: the response cache on, every request after the first a hit.`,
    ...(report.baselineFromMemory
      ? ['Baseline list-cached: the baseline sending the bytes of its first answer again, from memory: what a hit costs a hand-written server under the same load.']
      : []),
    ...report.skipped.map(({ scenario, reason }) => `Skipped ${scenario}: ${reason}.`),
  ].join('\n');
}
