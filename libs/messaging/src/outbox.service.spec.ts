import { describe, expect, it } from '@jest/globals';
import { newCaseref, ReferralOverdueV1, ReportStatusChangedV1 } from '@casenet/contracts';
import { loadSharingPolicy, PSEUDONYMOUS_RECIPIENTS, recipientPseudonym, subjectKey } from '@casenet/privacy';
import type { EntityManager } from 'typeorm';
import type { MessagingOptions } from './messaging.options.js';
import { OutboxService } from './outbox.service.js';

/** Only what `publish` reads: the agency and the policy. */
function outboxOf(agency: MessagingOptions['agency']): OutboxService {
  const options: Pick<MessagingOptions, 'agency' | 'policy'> = { agency, policy: loadSharingPolicy() };
  return new OutboxService(options as MessagingOptions);
}

function capturingManager(): { manager: EntityManager; rows: unknown[][] } {
  const rows: unknown[][] = [];
  const manager = { query: async (_sql: string, params: unknown[]) => void rows.push(params) } as Pick<EntityManager, 'query'>;
  return { manager: manager as EntityManager, rows };
}

describe('publishing through the contract', () => {
  const caseref = newCaseref();
  const source = { reportId: '6f1c4b8e-2a55-4a8e-9b55-0c8f6a1d2e3f', status: 'received' as const, changedAt: '2025-03-01T10:00:00.000Z' };

  it('writes the event of the contract, projected for the recipient, to its inbox', async () => {
    const { manager, rows } = capturingManager();
    const event = await outboxOf('municipality').publish(ReportStatusChangedV1, { to: 'schools', caseref, subject: 'subject', source }, manager);
    expect(event).toMatchObject({ type: ReportStatusChangedV1.type, caseref, purpose: 'feedback-to-reporting-school', data: source });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.slice(1, 4)).toEqual(['schools.inbox.v1', caseref, ReportStatusChangedV1.type]);
  });

  it('types the source by the contract and the recipient by the catalogue', () => {
    // Never called: the compiler is the test (tsconfig.check.json), the expectations below only keep it honest.
    const misuses = (outbox: OutboxService, manager: EntityManager) => [
      // @ts-expect-error police is not a recipient of a report's status
      outbox.publish(ReportStatusChangedV1, { to: 'police', caseref, subject: 's', source }, manager),
      // @ts-expect-error the case state is not a field of the contract: it cannot be handed over to be dropped
      outbox.publish(ReportStatusChangedV1, { to: 'schools', caseref, subject: 's', source: { ...source, caseState: 'closed' } }, manager),
      // @ts-expect-error a contract field is missing
      outbox.publish(ReportStatusChangedV1, { to: 'schools', caseref, subject: 's', source: { reportId: source.reportId, status: source.status } }, manager),
    ];
    expect(misuses).toBeInstanceOf(Function);
  });

  it('refuses at run time a value its contract does not accept, before anything is written', async () => {
    const { manager, rows } = capturingManager();
    await expect(
      outboxOf('municipality').publish(
        ReportStatusChangedV1,
        { to: 'schools', caseref, subject: 's', source: { ...source, status: 'unknown' as 'received' } },
        manager,
      ),
    ).rejects.toThrow(/invalid event: data\.status/);
    expect(rows).toHaveLength(0);
  });

  it('never names the child to police, ATS or the court by any pseudonym but their own', async () => {
    const taxCode = 'RSSMRA10A01F205X';
    const overdue = {
      referralId: '6f1c4b8e-2a55-4a8e-9b55-0c8f6a1d2e3f',
      deadline: 'acceptance' as const,
      dueAt: '2025-03-01T10:00:00.000Z',
      breachedAt: '2025-03-01T10:00:01.000Z',
    };
    for (const to of PSEUDONYMOUS_RECIPIENTS) {
      const others = [
        subjectKey('coordinator-secret-for-this-spec-only-000', taxCode),
        ...PSEUDONYMOUS_RECIPIENTS.filter((a) => a !== to).map((a) => recipientPseudonym(a, `${a}-secret-for-this-spec-only-0000000`, taxCode)),
      ];
      for (const subject of [...others, 'not-a-pseudonym']) {
        const { manager, rows } = capturingManager();
        await expect(outboxOf('municipality').publish(ReferralOverdueV1, { to, caseref, subject, source: overdue }, manager)).rejects.toThrow(
          `must name the child by ${to}'s own pseudonym`,
        );
        expect(rows).toHaveLength(0);
      }
      const { manager, rows } = capturingManager();
      const own = recipientPseudonym(to, `${to}-secret-for-this-spec-only-0000000`, taxCode);
      await outboxOf('municipality').publish(ReferralOverdueV1, { to, caseref, subject: own, source: overdue }, manager);
      expect(rows).toHaveLength(1);
    }
  });
});
