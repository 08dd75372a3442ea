import { describe, expect, it } from '@jest/globals';
import { concernsChild } from './child-events.finder.js';
import { disclosureOf, partiesByCaseref, recipientOf, referencesIn } from './disclosure.record.js';

const police = `sk2_police_${'p'.repeat(43)}`;
const verified = { verified: true, problems: [] };
const archived = (topic: string, event: Record<string, unknown>, archiveId = '1') => ({ archiveId, topic, contentHash: null, event });

describe('what the record says about one event', () => {
  it('names sender, recipient, why, under which basis, which categories, the recipient’s pseudonym space and what became of the values', () => {
    const event = {
      id: 'e-1',
      source: 'urn:casenet:municipality',
      type: 'municipality.verification.requested.v1',
      time: '2026-11-20T09:00:00.000Z',
      subject: police,
      caseref: 'CR-ABCD1234',
      purpose: 'residence-and-attendance-verification',
      legalbasis: 'GDPR art. 6(1)(e)',
      datacategories: ['case', 'contact', 'identity', 'school'],
      data: { requestId: 'r-1', status: 'requested', reason: 'persistent_absence' },
      sealed: 'sealed:v1:1:QUJD',
      chainseq: 12,
    };
    expect(disclosureOf(archived('t_ns.police.inbox.v1', event, '42'), [{ subject: police, version: 1, erasedAt: null }], verified)).toEqual({
      time: '2026-11-20T09:00:00.000Z',
      eventId: 'e-1',
      type: 'municipality.verification.requested.v1',
      sender: 'municipality',
      recipient: 'police',
      caseref: 'CR-ABCD1234',
      pseudonymSpace: 'police',
      purpose: 'residence-and-attendance-verification',
      legalBasis: 'GDPR art. 6(1)(e)',
      dataCategories: ['case', 'contact', 'identity', 'school'],
      references: { requestId: 'r-1' },
      personalData: 'sealed',
      chain: { signer: 'municipality', chainseq: 12, archiveId: '42' },
      verification: verified,
    });
  });

  it('keeps identifiers only: codes, reasons and outcomes are values the erasure sweeps clear', () => {
    expect(
      referencesIn({ reportId: 'a', referralId: 'b', status: 'closed', outcome: 'archived', reason: 'family_refused', count: 3, nestedId: { x: 1 } }),
    ).toEqual({
      reportId: 'a',
      referralId: 'b',
    });
  });

  it('reads the recipient from the inbox topic, with or without a deployment prefix', () => {
    expect(recipientOf('health.inbox.v1')).toBe('health');
    expect(recipientOf('t_disclosure_12.court.inbox.v1')).toBe('court');
    expect(recipientOf('something.else')).toBe('something.else');
  });

  it('knows which of the child’s references each agency was party to, in agency order', () => {
    const parties = partiesByCaseref([
      archived('municipality.inbox.v1', { source: 'urn:casenet:schools', caseref: 'CR-0001' }),
      archived('police.inbox.v1', { source: 'urn:casenet:municipality', caseref: 'CR-0001' }),
      archived('municipality.inbox.v1', { source: 'urn:casenet:police', caseref: 'CR-0002' }),
    ]);
    expect([...parties.entries()]).toEqual([
      ['schools', ['CR-0001']],
      ['municipality', ['CR-0001', 'CR-0002']],
      ['police', ['CR-0001', 'CR-0002']],
    ]);
  });

  it('an event concerns the child by its exact subject or caseref, not by a pseudonym that only appears in it', () => {
    const subjects = new Set([police]);
    const caserefs = new Set(['CR-0001']);
    expect(concernsChild({ subject: police, caseref: 'CR-9999' }, subjects, caserefs)).toBe(true);
    expect(concernsChild({ subject: 'sk1_other', caseref: 'CR-0001' }, subjects, caserefs)).toBe(true);
    expect(concernsChild({ subject: 'sk1_other', caseref: 'CR-9999', data: { note: police } }, subjects, caserefs)).toBe(false);
  });
});
