import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  childPseudonyms,
  PSEUDONYM_PATTERN,
  PSEUDONYMOUS_RECIPIENTS,
  pseudonymSecretVariable,
  pseudonymSpace,
  pseudonymSpaceOf,
  recipientPseudonym,
} from './recipient-pseudonym.js';
import { subjectKey } from './subject-key.js';

const SECRETS = {
  coordinator: 'coordinator-test-secret-of-at-least-32-chars',
  police: 'police-test-secret-of-at-least-thirty-two-chars',
  health: 'health-test-secret-of-at-least-thirty-two-chars',
  court: 'court-test-secret-of-at-least-thirty-two-chars!',
};
const taxCode = fc.stringMatching(/^[A-Z]{6}[0-9]{2}[A-Z][0-9]{2}[A-Z][0-9]{3}[A-Z]$/);

describe('per-recipient pseudonyms', () => {
  it('names its agency, is stable however the tax code was typed, and the coordinator keeps sk1_', () => {
    const all = childPseudonyms(SECRETS, ' rss mra85t10a562s');
    expect(all).toEqual(childPseudonyms(SECRETS, 'RSSMRA85T10A562S'));
    expect(all.coordinator).toBe(subjectKey(SECRETS.coordinator, 'RSSMRA85T10A562S'));
    for (const agency of PSEUDONYMOUS_RECIPIENTS) {
      expect(all[agency]).toMatch(new RegExp(`^sk2_${agency}_[A-Za-z0-9_-]{43}$`));
      expect(all[agency]).toMatch(PSEUDONYM_PATTERN);
      expect(pseudonymSpace(all[agency] as string)).toBe(agency);
    }
    expect(pseudonymSpace(all.coordinator as string)).toBe('coordinator');
    expect(pseudonymSpace('sk2_schools_' + 'a'.repeat(43))).toBeUndefined();
  });

  it('gives every space a different pseudonym for the same child, none containing the tax code or another', () => {
    fc.assert(
      fc.property(taxCode, (code) => {
        const values = Object.values(childPseudonyms(SECRETS, code));
        expect(new Set(values).size).toBe(4);
        const hashes = values.map((v) => v.slice(-43));
        expect(new Set(hashes).size).toBe(4);
        for (const value of values) expect(value).not.toContain(code);
      }),
    );
  });

  it('stays apart across agencies even under one secret: the agency is part of what is hashed', () => {
    fc.assert(
      fc.property(taxCode, (code) => {
        const one = 'one-secret-reused-by-mistake-for-every-agency';
        const hashes = PSEUDONYMOUS_RECIPIENTS.map((agency) => recipientPseudonym(agency, one, code).slice(-43));
        expect(new Set([...hashes, subjectKey(one, code).slice(4)]).size).toBe(4);
      }),
    );
  });

  it('differs between children and between secrets of the same agency', () => {
    fc.assert(
      fc.property(taxCode, taxCode, (a, b) => {
        fc.pre(a !== b);
        expect(recipientPseudonym('police', SECRETS.police, a)).not.toBe(recipientPseudonym('police', SECRETS.police, b));
        expect(recipientPseudonym('police', SECRETS.police, a)).not.toBe(recipientPseudonym('police', `${SECRETS.police}-other`, a));
      }),
    );
  });

  it('derives only what the given secrets allow: police alone cannot compute anyone else’s', () => {
    const police = childPseudonyms({ police: SECRETS.police }, 'RSSMRA85T10A562S');
    expect(Object.keys(police)).toEqual(['police']);
  });

  it('maps agencies to spaces and spaces to their secret variables', () => {
    expect(['schools', 'municipality', 'police', 'health', 'court'].map((a) => pseudonymSpaceOf(a as 'schools'))).toEqual([
      'coordinator',
      'coordinator',
      'police',
      'health',
      'court',
    ]);
    expect(pseudonymSecretVariable('coordinator')).toBe('SUBJECT_KEY_SECRET');
    expect(pseudonymSecretVariable('health')).toBe('HEALTH_SUBJECT_KEY_SECRET');
  });
});
