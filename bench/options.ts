import { parseArgs } from 'node:util';

export const SCENARIO_NAMES = ['list', 'article', 'article-no-related', 'filter', 'search'] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

export interface BenchOptions {
  /** Seconds of measured load per scenario, after the warm-up. */
  durationSeconds: number;
  connections: number;
  /** Size of the synthetic corpus; each size gets its own PGlite folder. */
  articles: number;
  scenarios: ScenarioName[];
  /** Writes a V8 CPU profile of the gateway process (open it in Chrome DevTools or speedscope). */
  profile: boolean;
}

const USAGE = `npm run bench -- [--duration 10] [--connections 10] [--articles 20000] [--scenarios ${SCENARIO_NAMES.join(',')}] [--profile]`;

function positiveInteger(value: string, option: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${option} must be a positive integer, got "${value}".\n${USAGE}`);
  return number;
}

function scenarioList(value: string): ScenarioName[] {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--scenarios takes a comma-separated list of ${SCENARIO_NAMES.join(', ')}; got "${value}".\n${USAGE}`);
  }
  return names as ScenarioName[];
}

export function parseBenchOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        duration: { type: 'string', default: '10' },
        connections: { type: 'string', default: '10' },
        articles: { type: 'string', default: '20000' },
        scenarios: { type: 'string', default: SCENARIO_NAMES.join(',') },
        profile: { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${USAGE}`);
  }
  return {
    durationSeconds: positiveInteger(values.duration, 'duration'),
    connections: positiveInteger(values.connections, 'connections'),
    articles: positiveInteger(values.articles, 'articles'),
    scenarios: scenarioList(values.scenarios),
    profile: values.profile,
  };
}
