import { type FieldProblem, joinPath } from './problem.js';

/** Deeper than any DTO nests; a body past it is refused before anything recursive sees it. */
export const MAX_INPUT_DEPTH = 32;

/**
 * Keys that name JavaScript's object machinery. class-transformer skips them, so they would be
 * dropped silently where every other unknown key is refused: they are refused like any other.
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * The first thing in request input that must be refused before validation: a string or key
 * holding NUL (PostgreSQL text cannot store it, so it would fail inside a transaction as a
 * 500), a key naming the prototype machinery, or nesting deeper than `maxDepth`.
 * Walks with an explicit stack: input nested a hundred thousand levels cannot overflow it.
 */
export function inputProblem(value: unknown, root = '', maxDepth = MAX_INPUT_DEPTH): FieldProblem | undefined {
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { value: item, path, depth } = next;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return { path, message: 'must not contain NUL characters' };
      continue;
    }
    // Raw bytes (the Kafka inbox keeps them binary) are the inbox's to judge, not text to scan.
    if (item === null || typeof item !== 'object' || item instanceof Uint8Array) continue;
    if (depth >= maxDepth) return { path, message: `nests deeper than ${maxDepth} levels` };
    const children: { value: unknown; path: string; depth: number }[] = [];
    if (Array.isArray(item)) {
      item.forEach((child, i) => children.push({ value: child, path: joinPath(path, i), depth: depth + 1 }));
    } else {
      for (const key of Object.keys(item)) {
        if (key.includes('\u0000')) return { path: joinPath(path, key.replace(/\u0000/g, '\\u0000')), message: 'field names must not contain NUL characters' };
        if (FORBIDDEN_KEYS.has(key)) return { path: joinPath(path, key), message: `property ${key} should not exist` };
        children.push({ value: (item as Record<string, unknown>)[key], path: joinPath(path, key), depth: depth + 1 });
      }
    }
    // Reversed so the first field is looked at first, as a reader would.
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push(children[i]!);
  }
  return undefined;
}
