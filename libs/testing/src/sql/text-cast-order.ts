/**
 * PostgreSQL resolves a bare ORDER BY name to an output column before an input column, so
 * SELECT seq::text … ORDER BY seq sorts the text "9" after "13". That once made the newest
 * chain head name event #9 while the ledger held #13. The fix is to qualify the column
 * (`ORDER BY ledger.seq`) or cast under another name; this finds the unqualified form.
 */
const SQL_STRING = /`[^`]*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/gs;

/** Names cast to text under their own name (`x::text` or `x::text AS x`) that an ORDER BY names bare. */
export function textCastOrderedBare(sql: string): string[] {
  const casts = new Set<string>();
  for (const m of sql.matchAll(/\b(\w+)::text\b(?:\s+AS\s+(\w+))?/gi)) {
    const [, column, alias] = m;
    if (column && (alias === undefined || alias.toLowerCase() === column.toLowerCase())) casts.add(column.toLowerCase());
  }
  const ordered = new Set<string>();
  for (const m of sql.matchAll(/ORDER BY\s+([^)`'";]*)/gi)) {
    for (const part of (m[1] ?? '').split(',')) {
      const first = part.trim().split(/\s+/)[0];
      if (first) ordered.add(first.toLowerCase());
    }
  }
  return [...casts].filter((c) => ordered.has(c)).sort();
}

/** Each string literal in a source file that holds the mistake, with its line. */
export function findTextCastOrders(source: string): { line: number; columns: string[] }[] {
  const found: { line: number; columns: string[] }[] = [];
  for (const m of source.matchAll(SQL_STRING)) {
    const literal = m[0];
    if (!/ORDER BY/i.test(literal) || !/::text/i.test(literal)) continue;
    const columns = textCastOrderedBare(literal);
    if (columns.length > 0) found.push({ line: source.slice(0, m.index).split('\n').length, columns });
  }
  return found;
}
