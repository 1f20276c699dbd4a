import { baselineRows, type BenchReport } from './report.js';

// A small hand-written SVG: one horizontal bar of req/s per measured scenario, the baseline first.

const WIDTH = 720;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 150;
const BAR_HEIGHT = 26;
const GAP = 10;
const TOP = 56;

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (char) => `&#${char.charCodeAt(0)};`);

export function renderChart(report: BenchReport): string {
  const bars = [
    ...baselineRows(report).map((row) => ({
      label: `baseline · ${row.scenario}`,
      value: row.requestsPerSecond,
      ratio: row.baselineRatio,
      color: '#9aa5b1',
    })),
    ...report.gateway.map((row) => ({
      label: `gateway · ${row.scenario}`,
      value: row.requestsPerSecond,
      ratio: row.baselineRatio,
      color: '#2f6fd0',
    })),
  ];
  const maximum = Math.max(...bars.map((bar) => bar.value), 1);
  const scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / maximum;
  const height = TOP + bars.length * (BAR_HEIGHT + GAP) + 24;
  const rows = bars.map((bar, index) => {
    const y = TOP + index * (BAR_HEIGHT + GAP);
    const length = Math.max(1, bar.value * scale);
    return [
      `<text x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end">${escapeXml(bar.label)}</text>`,
      `<rect x="${LABEL_WIDTH}" y="${y}" width="${length.toFixed(1)}" height="${BAR_HEIGHT}" fill="${bar.color}"/>`,
      `<text x="${(LABEL_WIDTH + length + 6).toFixed(1)}" y="${y + 18}">${bar.value.toFixed(0)} req/s (×${bar.ratio.toFixed(2)})</text>`,
    ].join('');
  });
  const { machine, database, options } = report;
  const subtitle = `${database.description} · ${machine.cores} cores · ${options.connections} connections · ${machine.date.slice(0, 10)} · ${machine.commit ?? 'no commit'}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" font-family="sans-serif" font-size="13">
<rect width="100%" height="100%" fill="#fff"/>
<text x="12" y="22" font-size="16" font-weight="bold">Throughput per scenario (req/s; × the list baseline)</text>
<text x="12" y="42" fill="#555" font-size="11">${escapeXml(subtitle)}</text>
${rows.join('\n')}
</svg>
`;
}
