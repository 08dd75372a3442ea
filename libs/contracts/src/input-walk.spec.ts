import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { inputProblem, MAX_INPUT_DEPTH } from './input-walk.js';

/** `depth` levels of objects or arrays (chosen per level), `leaf` at the bottom, built without recursion. */
function nested(depth: number, arrays: boolean[], leaf: unknown): { value: unknown; path: string[] } {
  let value = leaf;
  for (let i = depth - 1; i >= 0; i -= 1) value = arrays[i % arrays.length] ? [value] : { k: value };
  const path = Array.from({ length: depth }, (_, i) => (arrays[i % arrays.length] ? '[0]' : 'k'));
  return { value, path };
}

const joined = (parts: string[]) => parts.reduce((path, part) => (part.startsWith('[') ? path + part : path ? `${path}.${part}` : part), '');

describe('request input walk', () => {
  it('refuses nesting past the limit at any depth up to 100k, without overflowing the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_INPUT_DEPTH + 1, max: 100_000 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }), (depth, arrays) => {
        const problem = inputProblem(nested(depth, arrays, 'x').value);
        expect(problem?.message).toBe(`nests deeper than ${MAX_INPUT_DEPTH} levels`);
      }),
      { numRuns: 25 },
    );
  });

  it('refuses prototype keys at any depth, with their path, like any unknown key', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: MAX_INPUT_DEPTH - 2 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        (depth, arrays, key) => {
          const { value, path } = nested(depth, arrays, JSON.parse(`{"ok": 1, "${key}": {"isAdmin": true}}`));
          expect(inputProblem(value)).toEqual({ path: joined([...path, key]), message: `property ${key} should not exist` });
        },
      ),
    );
  });

  it('finds NUL in nested strings, arrays and field names, with paths written one way', () => {
    expect(inputProblem({ pupil: { firstName: 'Giu\u0000lia' } })).toEqual({ path: 'pupil.firstName', message: 'must not contain NUL characters' });
    expect(inputProblem({ concerns: ['bullying', '\u0000'] })?.path).toBe('concerns[1]');
    expect(inputProblem({ ['a\u0000']: 1 })?.message).toBe('field names must not contain NUL characters');
    expect(inputProblem('x\u0000', 'id')?.path).toBe('id');
  });

  it('lets everything else through: any JSON without NUL or prototype keys, within the depth limit', () => {
    const clean = fc.jsonValue({ maxDepth: 8 }).filter((v) => !/\\u0000|"(__proto__|constructor|prototype)":/.test(JSON.stringify(v)));
    fc.assert(fc.property(clean, (value) => expect(inputProblem(value)).toBeUndefined()));
    expect(inputProblem({ notes: 'ℂ𝔸𝕊𝔼 \u202E ﷽', n: 3, ok: true, none: null })).toBeUndefined();
    expect(inputProblem(new Uint8Array([0, 1, 2]))).toBeUndefined(); // raw Kafka bytes are the inbox's concern
  });
});
