import { type AtomCounts, type CellRef, type ProtectedTable, protectTable, type TableSpec } from '@casenet/statistics';
import type { TableLink } from './osservatorio.tables.js';

export interface TableInput {
  spec: TableSpec;
  counts: AtomCounts;
  /** Cells suppressed in earlier releases of this table (same key, same school year). */
  earlier: readonly CellRef[];
}

const cellId = (cell: CellRef) => `${cell.row}\u0000${cell.column}`;

/**
 * Protects a year's tables together. Each table is protected on its own (primary, complementary,
 * earlier releases); then every suppressed cell forces its linked cells in the other table of a
 * link (TableLink), and the tables whose forced set grew are protected again with it, until no
 * link adds a cell. Suppressions only grow, so this ends.
 */
export async function protectRelease(inputs: readonly TableInput[], links: readonly TableLink[], threshold: number): Promise<ProtectedTable[]> {
  const forced = new Map<string, Map<string, CellRef>>(inputs.map((i) => [i.spec.key, new Map(i.earlier.map((c) => [cellId(c), c]))]));
  const byKey = new Map(inputs.map((i) => [i.spec.key, i]));
  const result = new Map<string, ProtectedTable>();
  let pending = new Set(inputs.map((i) => i.spec.key));
  while (pending.size > 0) {
    for (const key of pending) {
      const input = byKey.get(key)!;
      result.set(key, await protectTable(input.spec, input.counts, { threshold, earlier: forced.get(key)!.values() }));
    }
    pending = new Set();
    for (const link of links) {
      const coarse = result.get(link.coarse);
      const refined = result.get(link.refined);
      if (!coarse || !refined) continue;
      const force = (table: string, cell: CellRef) => {
        const cells = forced.get(table)!;
        if (cells.has(cellId(cell))) return;
        cells.set(cellId(cell), cell);
        pending.add(table);
      };
      for (const [coarseColumn, refinedColumn] of link.columns) {
        for (const cell of coarse.suppressed.filter((c) => c.column === coarseColumn)) {
          for (const row of refined.rows.filter((r) => link.parent(r) === cell.row)) force(link.refined, { row, column: refinedColumn });
        }
        for (const cell of refined.suppressed.filter((c) => c.column === refinedColumn)) {
          force(link.coarse, { row: link.parent(cell.row), column: coarseColumn });
        }
      }
    }
    // A forced cell already suppressed needs no second pass.
    for (const key of [...pending]) {
      const table = result.get(key)!;
      const suppressed = new Set(table.suppressed.map(cellId));
      if ([...forced.get(key)!.keys()].every((id) => suppressed.has(id))) pending.delete(key);
    }
  }
  return inputs.map((i) => result.get(i.spec.key)!);
}
