import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SUBJECT_KEY_PATTERN, subjectKey } from './subject-key.js';

const SECRET = 'a-test-secret-of-at-least-thirty-two-chars';

describe('pseudonymous subject keys', () => {
  it('is the same for the same tax code however it was typed', () => {
    expect(subjectKey(SECRET, ' rss mra85t10a562s')).toBe(subjectKey(SECRET, 'RSSMRA85T10A562S'));
    expect(subjectKey(SECRET, 'RSSMRA85T10A562S')).toMatch(SUBJECT_KEY_PATTERN);
  });

  it('differs between children, and between secrets, and never contains the tax code', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z]$/),
        fc.stringMatching(/^[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z]$/),
        (a, b) => {
          fc.pre(a !== b);
          expect(subjectKey(SECRET, a)).not.toBe(subjectKey(SECRET, b));
          expect(subjectKey(SECRET, a)).not.toBe(subjectKey(`${SECRET}-other`, a));
          expect(subjectKey(SECRET, a)).not.toContain(a);
        },
      ),
    );
  });
});
