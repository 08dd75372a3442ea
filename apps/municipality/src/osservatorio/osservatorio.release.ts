import { type AtomCounts, type CellRef, type ProtectedTable, protectTable, type Subtotal, type TableSpec } from '@casenet/statistics';
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
 * earlier releases), a refined table with its coarse table's published cells as subtotals of its
 * rows (so a level's published cell cannot give one hidden track away); then a suppressed coarse
 * cell forces its rows' cells in the refined table, a suppressed refined cell whose parent has no
 * other row forces the parent (they are the same count), and the tables whose forced set grew, or
 * whose subtotals changed, are protected again, until nothing changes. Suppressions only grow, so
 * this ends.
 */
export async function protectRelease(inputs: readonly TableInput[], links: readonly TableLink[], threshold: number): Promise<ProtectedTable[]> {
  const forced = new Map<string, Map<string, CellRef>>(inputs.map((i) => [i.spec.key, new Map(i.earlier.map((c) => [cellId(c), c]))]));
  const result = new Map<string, ProtectedTable>();
  // Coarse tables first, so refined ones see their subtotals on the first pass.
  const order = [...inputs].sort((a, b) => Number(links.some((l) => l.refined === a.spec.key)) - Number(links.some((l) => l.refined === b.spec.key)));
  let pending = new Set(order.map((i) => i.spec.key));
  while (pending.size > 0) {
    const changed = new Set<string>();
    for (const input of order.filter((i) => pending.has(i.spec.key))) {
      const key = input.spec.key;
      const subtotals = links.filter((l) => l.refined === key).flatMap((l) => subtotalsOf(l, result.get(l.coarse), input.spec.rows));
      const before = result.get(key);
      const table = await protectTable(input.spec, input.counts, { threshold, earlier: forced.get(key)!.values(), subtotals });
      result.set(key, table);
      if (before && before.suppressed.length !== table.suppressed.length) changed.add(key);
    }
    pending = new Set();
    const force = (table: string, cell: CellRef) => {
      const cells = forced.get(table)!;
      if (cells.has(cellId(cell))) return;
      cells.set(cellId(cell), cell);
      pending.add(table);
    };
    for (const link of links) {
      const coarse = result.get(link.coarse);
      const refined = result.get(link.refined);
      if (!coarse || !refined) continue;
      // The coarse table hid more: the refined one's subtotals are fewer, so it is audited again.
      if (changed.has(link.coarse)) pending.add(link.refined);
      const children = (parent: string) => refined.rows.filter((r) => link.parent(r) === parent);
      for (const [coarseColumn, refinedColumn] of link.columns) {
        for (const cell of coarse.suppressed.filter((c) => c.column === coarseColumn)) {
          for (const row of children(cell.row)) force(link.refined, { row, column: refinedColumn });
        }
        for (const cell of refined.suppressed.filter((c) => c.column === refinedColumn)) {
          const parent = link.parent(cell.row);
          // With the coarse cell as a subtotal, the refined table's own audit protects a hidden row among several.
          if (!link.exact || children(parent).length === 1) force(link.coarse, { row: parent, column: coarseColumn });
        }
      }
    }
    // A forced cell already suppressed needs no second pass, unless its subtotals changed.
    for (const key of [...pending]) {
      const table = result.get(key)!;
      const suppressed = new Set(table.suppressed.map(cellId));
      const subtotalsMoved = links.some((l) => l.refined === key && changed.has(l.coarse));
      if (!subtotalsMoved && [...forced.get(key)!.keys()].every((id) => suppressed.has(id))) pending.delete(key);
    }
  }
  return inputs.map((i) => result.get(i.spec.key)!);
}

/** The coarse table's published cells, as sums of the refined table's rows under each. */
function subtotalsOf(link: TableLink, coarse: ProtectedTable | undefined, refinedRows: readonly string[]): Subtotal[] {
  if (!coarse || !link.exact) return [];
  return link.columns.flatMap(([coarseColumn, refinedColumn]) =>
    coarse.rows.flatMap((parent) => {
      const value = coarse.cells[parent]?.[coarseColumn];
      const rows = refinedRows.filter((r) => link.parent(r) === parent);
      return value === null || value === undefined || rows.length === 0 ? [] : [{ rows, column: refinedColumn, value }];
    }),
  );
}
