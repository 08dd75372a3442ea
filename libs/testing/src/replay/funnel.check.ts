import type { PublishedTable } from '@casenet/statistics';
import { CHOICES, SEED, SEED_DOCUMENT, SEED_LEVELS, type SeedLevel } from './year-2022-23.data.js';

export interface FunnelLine {
  key: string;
  label: string;
  /** 0 for a stage, 1 for its parts. */
  depth: number;
  /** What the Osservatorio published; null when it suppressed the cell or left it out. */
  published: number | null;
  expected: number;
  /** Percentages of the forwarded, at the precision the seed prints them. */
  publishedPercent?: number | null;
  expectedPercent?: number;
  percentDecimals?: number;
  /** `seed`: the source's figure; `choice`: ours, where the source gives none (year-2022-23.data.ts). */
  basis: 'seed' | 'choice';
  source: string;
  ok: boolean;
}

const LEVEL_LABELS: Record<SeedLevel, string> = { primaria: 'primaria', secondaria_i: 'secondaria I', secondaria_ii: 'secondaria II' };
const CLOSED_COLUMNS = ['closed_immediate_return', 'closed_clerical_error', 'closed_non_resident'] as const;

/**
 * The seed's funnel read off the Osservatorio's published tables, line by line, each beside the
 * figure it must equal. Totals come from the tables' `total` (null where withheld); the breakdowns
 * from their cells, so a suppressed cell shows as missing, never as a guess.
 */
export function checkFunnel(byLevel: PublishedTable, byCitizenship: PublishedTable): FunnelLine[] {
  const lines: FunnelLine[] = [];
  const add = (line: Omit<FunnelLine, 'ok'>) => {
    const percentOk = line.expectedPercent === undefined || line.publishedPercent === line.expectedPercent;
    lines.push({ ...line, ok: line.published === line.expected && percentOk });
  };
  const totalOf = (table: PublishedTable, column: string): number | null => table.total[column] ?? null;
  const cellOf = (table: PublishedTable, row: string, column: string): number | null => table.cells[row]?.[column] ?? null;

  add({
    key: 'reported',
    label: 'reported by schools',
    depth: 0,
    published: totalOf(byLevel, 'reported'),
    expected: SEED.reported.value,
    basis: 'seed',
    source: SEED.reported.source,
  });
  const closed = CLOSED_COLUMNS.map((column) => totalOf(byLevel, column));
  add({
    key: 'closed_at_screening',
    label: 'closed at screening',
    depth: 0,
    published: closed.some((n) => n === null) ? null : closed.reduce<number>((sum, n) => sum + (n as number), 0),
    expected: SEED.closedAtScreening.value,
    basis: 'seed',
    source: SEED.closedAtScreening.source,
  });
  const reasons = [
    ['closed_immediate_return', 'immediate return', CHOICES.closures.immediate_return],
    ['closed_clerical_error', 'clerical error', CHOICES.closures.clerical_error],
    ['closed_non_resident', 'non-resident', CHOICES.closures.non_resident],
  ] as const;
  for (const [column, label, expected] of reasons) {
    add({
      key: column,
      label,
      depth: 1,
      published: totalOf(byLevel, column),
      expected,
      basis: 'choice',
      source: 'the seed names the reason, not how many: year-2022-23.data.ts',
    });
  }
  const forwarded = totalOf(byLevel, 'forwarded_police');
  add({
    key: 'forwarded_police',
    label: 'forwarded to Polizia Locale',
    depth: 0,
    published: forwarded,
    expected: SEED.forwardedPolice.value,
    basis: 'seed',
    source: SEED.forwardedPolice.source,
  });
  for (const level of SEED_LEVELS) {
    const seed = SEED.forwardedByLevel[level];
    // The Osservatorio's levels are the seed's own (secondaria II is the second cycle, CFP included).
    const published = cellOf(byLevel, level, 'forwarded_police');
    add({
      key: `forwarded_police.${level}`,
      label: LEVEL_LABELS[level],
      depth: 1,
      published,
      expected: seed.value,
      publishedPercent: percentOf(published, forwarded, 1),
      expectedPercent: seed.percent,
      percentDecimals: 1,
      basis: 'seed',
      source: seed.source,
    });
  }
  const italian = cellOf(byCitizenship, 'italian', 'forwarded_police');
  add({
    key: 'forwarded_police.italian',
    label: 'Italian citizens of the forwarded',
    depth: 1,
    published: italian,
    expected: SEED.italianOfForwarded.value,
    publishedPercent: percentOf(italian, totalOf(byCitizenship, 'forwarded_police'), 0),
    expectedPercent: SEED.italianOfForwarded.percent,
    percentDecimals: 0,
    basis: 'seed',
    source: SEED.italianOfForwarded.source,
  });
  return lines;
}

function percentOf(part: number | null, whole: number | null, decimals: number): number | null {
  if (part === null || whole === null || whole === 0) return null;
  const scale = 10 ** decimals;
  return Math.round((part / whole) * 100 * scale) / scale;
}

export interface YearTiming {
  /** From the first report filed to the Osservatorio's table read back. */
  wallMs: number;
  reports: number;
  /** Starting the throwaway system, not part of the year. */
  startupMs: number;
}

/** The table a person reads: each line, the seed's figure beside it, ✓ or ✗, and how long the year took. */
export function formatFunnel(schoolYear: string, lines: readonly FunnelLine[], timing: YearTiming): string {
  const figure = (n: number | null, percent: number | null | undefined, decimals: number | undefined) => {
    const count = n === null ? 'c' : String(n);
    if (decimals === undefined) return count;
    return `${count} (${percent === null || percent === undefined ? '–' : `${percent.toFixed(decimals)}%`})`;
  };
  const rows = lines.map((line) => [
    `${'  '.repeat(line.depth)}${line.label}`,
    figure(line.published, line.publishedPercent, line.percentDecimals),
    figure(line.expected, line.expectedPercent, line.percentDecimals),
    line.ok ? '✓' : '✗',
    line.basis === 'choice' ? 'our choice' : '',
  ]);
  const header = ['', 'Osservatorio', 'seed', '', ''];
  const widths = [0, 1, 2].map((i) => Math.max(...[header, ...rows].map((row) => (row[i] as string).length)));
  const render = (row: string[]) =>
    `${(row[0] as string).padEnd(widths[0] as number)}  ${(row[1] as string).padStart(widths[1] as number)}  ${(row[2] as string).padStart(widths[2] as number)}  ${row[3]}${row[4] ? `  ${row[4]}` : ''}`.trimEnd();
  const seconds = timing.wallMs / 1000;
  const failures = lines.filter((line) => !line.ok).length;
  return [
    `Funnel of school year ${schoolYear}, as the municipality's Osservatorio publishes it (funnel.by-level, funnel.by-citizenship), beside ${SEED_DOCUMENT}:`,
    '',
    render(header),
    ...rows.map(render),
    '',
    failures === 0 ? `Every figure matches the seed.` : `${failures} figure(s) differ from the seed.`,
    `The year took ${formatDuration(timing.wallMs)} end to end: ${timing.reports} reports, ${(timing.reports / seconds).toFixed(1)} reports/s (the system started in ${formatDuration(timing.startupMs)} before that).`,
  ].join('\n');
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 100) / 10;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
