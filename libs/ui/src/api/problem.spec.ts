import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { problemFrom } from './problem.js';

describe('problemFrom', () => {
  it('puts each field message beside its field and the rest in the summary, whatever the paths', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ path: fc.string({ maxLength: 20 }), message: fc.string({ maxLength: 40 }) }), { maxLength: 12 }),
        fc.uniqueArray(fc.string({ maxLength: 20 }), { maxLength: 5 }),
        (errors, shown) => {
          const problem = problemFrom(400, { title: 'Bad Request', detail: 'x', errors });
          const beside = shown.flatMap((path) => problem.forField(path));
          expect(beside.length + problem.notIn(shown).length).toBe(errors.length);
        },
      ),
    );
  });

  it('reads any body, even one that is not a problem document, without throwing', () => {
    fc.assert(
      fc.property(fc.anything(), fc.integer({ min: 400, max: 599 }), (body, status) => {
        const problem = problemFrom(status, body);
        expect(problem.status).toBe(status);
        expect(Array.isArray(problem.errors)).toBe(true);
        expect(typeof problem.title).toBe('string');
      }),
    );
  });
});
