/**
 * Dotted paths of the leaves of a JSON value: `{ pupil: { taxCode } }` → `pupil.taxCode`.
 * An array is one leaf: the policy discloses a list (e.g. a report's concerns) as a whole,
 * under one category.
 */
export function leafPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return prefix ? [prefix] : [];
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return prefix ? [prefix] : [];
    return entries.flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key));
  }
  return prefix ? [prefix] : [];
}

export function readPath(source: unknown, path: string): unknown {
  let current: unknown = source;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export function writePath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let current = target;
  for (const key of keys.slice(0, -1)) {
    const next = current[key];
    if (next === null || typeof next !== 'object') current[key] = {};
    current = current[key] as Record<string, unknown>;
  }
  current[keys[keys.length - 1] as string] = value;
}

/** Copies every leaf of `source` into `target` at the same path. */
export function mergeLeaves(target: Record<string, unknown>, source: unknown): Record<string, unknown> {
  for (const path of leafPaths(source)) writePath(target, path, readPath(source, path));
  return target;
}
