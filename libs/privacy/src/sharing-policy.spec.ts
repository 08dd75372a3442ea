import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { policyToMarkdown } from './policy-markdown.js';
import { DEFAULT_POLICY_FILE, loadSharingPolicy, parseSharingPolicy, PolicyError, PolicyViolation } from './sharing-policy.js';

const reviewed = readFileSync(DEFAULT_POLICY_FILE, 'utf8');

function problemsOf(text: string): string[] {
  try {
    parseSharingPolicy(text, 'test');
    return [];
  } catch (error) {
    if (error instanceof PolicyError) return error.problems;
    throw error;
  }
}

describe('sharing policy', () => {
  const policy = loadSharingPolicy();

  it('projects only the fields the recipient may receive, with the disclosure to declare', () => {
    const source = {
      requestId: 'r1',
      pupil: { firstName: 'Giulia', lastName: 'Rossi', taxCode: 'RSSMRA85T10A562S', birthDate: '2012-01-01' },
      residence: { address: 'Via Padova 1', city: 'Milano' },
      school: { code: 'MIEE123456', name: 'Giacosa', level: 'primaria' },
      category: 'never_attended',
      notes: 'the family is in difficulty',
      educator: 'E. Neri',
    };
    const { data, disclosure } = policy.project('municipality.verification.requested.v1', 'police', source);
    expect(data).toEqual({ requestId: 'r1', pupil: source.pupil, residence: source.residence, school: { code: 'MIEE123456', name: 'Giacosa' } });
    expect(disclosure).toEqual({
      purpose: 'residence-and-attendance-verification',
      legalbasis: expect.stringContaining('D.Lgs. 76/2005'),
      datacategories: ['case', 'contact', 'identity', 'school'],
    });
  });

  it('refuses to project for a recipient without a rule', () => {
    expect(() => policy.project('municipality.verification.requested.v1', 'schools', {})).toThrow(PolicyViolation);
  });

  it('names each field, purpose and category a receiver is not entitled to', () => {
    const event = {
      type: 'municipality.report-status.changed.v1',
      purpose: 'school-dropout-screening',
      datacategories: ['case'],
      data: { reportId: 'x', status: 'closed', changedAt: 'now', notes: 'leak', pupil: { taxCode: 'leak' } },
    };
    expect(policy.violations('schools', event)).toEqual([
      'schools receives municipality.report-status.changed.v1 only for purpose feedback-to-reporting-school, not school-dropout-screening',
      'schools is not entitled to data.notes of municipality.report-status.changed.v1',
      'schools is not entitled to data.pupil.taxCode of municipality.report-status.changed.v1',
    ]);
    expect(policy.violations('police', event)).toEqual(['police may not receive municipality.report-status.changed.v1 under the sharing policy']);
  });

  it('catches categories declared differently from the fields sent', () => {
    const event = {
      type: 'police.verification.completed.v1',
      purpose: 'residence-and-attendance-verification',
      datacategories: ['case'],
      data: { requestId: 'r', outcome: 'moved_away', verifiedAt: 't' },
    };
    expect(policy.violations('municipality', event)).toEqual(['datacategories [case] do not match the fields sent [case,social]']);
  });

  it('refuses a rule that would let art. 9 or art. 10 data leave its owner', () => {
    const leaky = reviewed.replace(
      '      requestId: case\n      pupil.firstName: identity',
      '      requestId: case\n      diagnosis: health\n      pupil.firstName: identity',
    );
    expect(problemsOf(leaky)).toEqual([
      'rule 2 (municipality.verification.requested.v1 to police): field diagnosis is health data (GDPR art. 9); it may not leave health',
    ]);
  });

  it('requires a rule for every recipient in the contracts and nothing outside them', () => {
    const statusRule = reviewed.indexOf('  - event: municipality.report-status.changed.v1');
    const withoutStatusRule = reviewed.slice(0, statusRule) + reviewed.slice(reviewed.indexOf('  - event:', statusRule + 1));
    expect(problemsOf(withoutStatusRule)).toEqual(['no rule for municipality.report-status.changed.v1 to schools: it could never be sent']);
    const wrongRecipient = reviewed.replace('    to: police\n', '    to: court\n');
    expect(problemsOf(wrongRecipient)).toEqual(
      expect.arrayContaining([
        'rule 2 (municipality.verification.requested.v1 to court): court is not a recipient of municipality.verification.requested.v1 in the contracts',
      ]),
    );
  });

  it('is published, generated, in docs/sharing-policy.md (run `npm run policy > docs/sharing-policy.md`)', () => {
    const published = readFileSync(fileURLToPath(new URL('../../../docs/sharing-policy.md', import.meta.url)), 'utf8');
    expect(published).toBe(policyToMarkdown(policy));
  });
});
