/** A sum of unknown counts with coefficients: a cell, a total, a constraint's left side. */
export type LinearTerms = ReadonlyMap<number, number>;

/** What an observer of published tables knows: whole, non-negative unknowns tied by published sums. */
export class LinearSystem {
  private readonly names: string[] = [];
  private readonly equalities: { terms: LinearTerms; value: number }[] = [];
  private readonly upperBounds = new Map<number, number>();

  variable(name: string): number {
    this.names.push(name);
    return this.names.length - 1;
  }

  get size(): number {
    return this.names.length;
  }

  nameOf(index: number): string {
    return this.names[index] ?? `#${index}`;
  }

  /** Adds `terms = value`, as a published cell or a known total says. */
  equal(terms: LinearTerms, value: number): void {
    this.equalities.push({ terms, value });
  }

  atMost(variable: number, bound: number): void {
    this.upperBounds.set(variable, bound);
  }

  /** CPLEX LP text optimising `objective`, for HiGHS; `integer` declares every unknown whole. */
  lp(objective: LinearTerms, sense: 'Maximize' | 'Minimize', integer = true): string {
    const v = (i: number) => `x${i}`;
    const sum = (terms: LinearTerms) => {
      const parts = [...terms].filter(([, c]) => c !== 0).map(([i, c]) => `${c >= 0 ? '+' : '-'} ${Math.abs(c)} ${v(i)}`);
      return parts.length > 0 ? parts.join(' ') : `0 ${v(0)}`;
    };
    const lines = [sense, ` obj: ${sum(objective)}`, 'Subject To'];
    this.equalities.forEach((e, k) => lines.push(` c${k}: ${sum(e.terms)} = ${e.value}`));
    lines.push('Bounds');
    for (let i = 0; i < this.names.length; i++) lines.push(this.upperBounds.has(i) ? ` 0 <= ${v(i)} <= ${this.upperBounds.get(i)}` : ` ${v(i)} >= 0`);
    if (integer) lines.push('Generals', ` ${this.names.map((_, i) => v(i)).join(' ')}`);
    lines.push('End');
    return lines.join('\n');
  }
}

export function terms(entries: Iterable<readonly [number, number]>): LinearTerms {
  const map = new Map<number, number>();
  for (const [i, c] of entries) map.set(i, (map.get(i) ?? 0) + c);
  return map;
}
