import { describe, expect, it } from '@jest/globals';
import { disclosureHtml } from './disclosure.html.js';
import type { DisclosureRecord } from './disclosure.record.js';
import { disclosureText } from './disclosure.text.js';

function record(overrides: Partial<DisclosureRecord> = {}): DisclosureRecord {
  return {
    generatedAt: '2026-12-01T12:00:00.000Z',
    identifiedBy: { taxCode: true, caserefs: [] },
    caserefs: ['CR-ABCD1234'],
    pseudonymSpaces: ['coordinator'],
    erasure: { erased: false, erasedAt: [], spaces: [] },
    disclosures: [
      {
        time: '2026-11-20T09:00:00.000Z',
        eventId: 'e-1',
        type: 'schools.absence.reported.v1',
        sender: 'schools',
        recipient: 'municipality',
        caseref: 'CR-ABCD1234',
        pseudonymSpace: 'coordinator',
        purpose: 'school-dropout-screening',
        legalBasis: 'GDPR art. 6(1)(e) <b>',
        dataCategories: ['identity', 'school'],
        references: { reportId: 'r-1' },
        personalData: 'sealed',
        chain: { signer: 'schools', chainseq: 1, archiveId: '1' },
        verification: { verified: true, problems: [] },
      },
    ],
    accessLogs: [
      {
        agency: 'schools',
        caserefs: ['CR-ABCD1234'],
        schoolCodes: ['MIEE123456'],
        reads: [
          {
            agency: 'schools',
            at: '2026-11-21T08:00:00.000Z',
            reader: 'dev-user-1',
            roles: ['caseworker'],
            caseref: 'CR-ABCD1234',
            purpose: 'report-follow-up',
            route: 'GET /reports/:id',
          },
        ],
      },
    ],
    integrity: { verified: true, archiveIntact: true, entriesVerified: 1, entriesNotVerified: 0, breaks: [], pending: 0 },
    legalBases: { 'GDPR art. 6(1)(e) <b>': [{ citation: 'GDPR art. 6(1)(e) <b>', explanation: { it: 'Compito di interesse pubblico', en: 'Public task' } }] },
    categories: [{ category: 'identity', explanation: { it: 'Chi è il minore', en: 'Who the child is' }, retentionDays: 1825 }],
    ...overrides,
  };
}

describe('the record, as text and as a page', () => {
  it('puts Italian first with English beside it, and escapes whatever the archive holds', () => {
    const page = disclosureHtml(record());
    expect(page).toMatch(/^<!doctype html>\n<html lang="it">/);
    expect(page.indexOf('Comunicazioni tra enti')).toBeLessThan(page.indexOf('Disclosures between agencies'));
    expect(page).toContain('Accessi ai fascicoli in ciascun ente');
    expect(page).toContain('GDPR art. 6(1)(e) &#60;b&#62;');
    expect(page).not.toContain('6(1)(e) <b>');
    expect(page).toContain('dev-user-1');
    expect(page).toContain('MIEE123456');
    expect(page).toContain('Compito di interesse pubblico');
    expect(page).not.toMatch(/<script|https?:\/\//); // self-contained: nothing loaded from anywhere
  });

  it('says loudly when a disclosure fails verification, and when and that the child was erased', () => {
    const tampered = record({
      erasure: { erased: true, erasedAt: ['2026-12-01T10:00:00.000Z'], spaces: [] },
      integrity: {
        verified: false,
        archiveIntact: false,
        entriesVerified: 0,
        entriesNotVerified: 1,
        breaks: [{ kind: 'edited', position: 0, locator: 'archive #1', signer: 'schools', chainseq: 1, detail: 'changed' }],
        pending: 0,
      },
    });
    tampered.disclosures[0] = {
      ...(tampered.disclosures[0] as DisclosureRecord['disclosures'][number]),
      personalData: 'erased',
      verification: { verified: false, problems: ['changed after signing'] },
    };
    const page = disclosureHtml(tampered);
    expect(page).toContain('NON VERIFICATO');
    expect(page).toContain('class="tampered"');
    expect(page).toContain('Minore cancellato il');
    expect(page).toContain('dati personali cancellati');
    const text = disclosureText(tampered).join('\n');
    expect(text).toMatch(/NON VERIFICATO \/ NOT VERIFIED: 1 disclosure\(s\)/);
    expect(text).toContain('CANCELLATO / ERASED at 2026-12-01T10:00:00.000Z');
    expect(text).toContain('NOT VERIFIED: changed after signing');
    expect(text).toContain('personal data erased (key destroyed)');
  });

  it('writes one line per disclosure and per read', () => {
    const text = disclosureText(record());
    expect(text.filter((l) => l.includes('schools → municipality'))).toHaveLength(1);
    expect(text.filter((l) => l.includes('GET /reports/:id'))).toHaveLength(1);
    expect(text[0]).toMatch(/^REGISTRO DELLE COMUNICAZIONI \/ DISCLOSURE RECORD/);
  });
});
