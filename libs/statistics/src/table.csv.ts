import { stringify } from 'csv-stringify/sync';
import { type PublishedTable, TOTAL_ROW } from './statistical-table.js';

/** Eurostat's flag for a confidential value. */
export const SUPPRESSED_FLAG = 'c';

/** One line per row and the totals last; a suppressed cell or withheld total reads `c`. */
export function tableCsv(table: PublishedTable, labels: (key: string) => string = (key) => key): string {
  const header = ['', ...table.columns.map(labels)];
  const rows = table.rows.map((row) => [labels(row), ...table.columns.map((c) => table.cells[row]?.[c] ?? SUPPRESSED_FLAG)]);
  const total = [labels(TOTAL_ROW), ...table.columns.map((c) => table.total[c] ?? SUPPRESSED_FLAG)];
  return stringify([header, ...rows, total]);
}
