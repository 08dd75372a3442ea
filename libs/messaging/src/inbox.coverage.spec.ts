import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { AGENCIES, type EventEnvelope, newEvent, ReferralOverdueV1, ReportStatusChangedV1 } from '@casenet/contracts';
import { loadSharingPolicy } from '@casenet/privacy';
import type { EntityManager } from 'typeorm';
import { HandlesEvent, InboxHandlerRegistry } from './inbox-handler.registry.js';
import { receivableEventTypes, unhandledEventTypes } from './inbox.coverage.js';

const policy = loadSharingPolicy();

@Injectable()
class SchoolReports {
  readonly applied: string[] = [];

  @HandlesEvent(ReportStatusChangedV1)
  async onReportStatusChanged(event: EventEnvelope<ReportStatusChangedV1>, _manager: EntityManager): Promise<void> {
    this.applied.push(event.data.status);
  }

  /** Not decorated: not a handler. */
  async onSomethingElse(): Promise<void> {}
}

@Module({ imports: [DiscoveryModule], providers: [InboxHandlerRegistry, SchoolReports] })
class SchoolsInbox {}

describe('inbox handlers found by @HandlesEvent', () => {
  it('registers the decorated method of a provider, bound to its instance', async () => {
    const app = await NestFactory.createApplicationContext(SchoolsInbox, { logger: false });
    try {
      const registry = app.get(InboxHandlerRegistry);
      expect(registry.types()).toEqual([ReportStatusChangedV1.type]);
      const event = newEvent({
        producer: 'municipality',
        type: ReportStatusChangedV1.type,
        caseref: 'CR-1',
        subject: 'subject',
        data: { reportId: '6f1c4b8e-2a55-4a8e-9b55-0c8f6a1d2e3f', status: 'received', changedAt: '2025-03-01T10:00:00.000Z' },
        disclosure: { purpose: 'feedback-to-reporting-school', legalbasis: 'test', datacategories: ['case'] },
      });
      await registry.get(ReportStatusChangedV1.type)?.(event, {} as EntityManager);
      expect(app.get(SchoolReports).applied).toEqual(['received']);
      expect(registry.get(ReferralOverdueV1.type)).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('refuses two handlers for one event type', async () => {
    @Injectable()
    class SecondOpinion {
      @HandlesEvent(ReportStatusChangedV1)
      async onReportStatusChanged(_event: EventEnvelope<ReportStatusChangedV1>, _manager: EntityManager): Promise<void> {}
    }
    @Module({ imports: [DiscoveryModule], providers: [InboxHandlerRegistry, SchoolReports, SecondOpinion] })
    class Twice {}
    await expect(NestFactory.createApplicationContext(Twice, { logger: false })).rejects.toThrow(
      `a handler for ${ReportStatusChangedV1.type} is already registered`,
    );
  });
});

describe('what each agency must handle', () => {
  it('is what the catalogue addresses to it and the sharing policy lets it receive', () => {
    expect(receivableEventTypes(policy, 'schools')).toEqual([ReportStatusChangedV1.type]);
    expect(receivableEventTypes(policy, 'police')).toEqual(['municipality.referral.overdue.v1', 'municipality.verification.requested.v1']);
    for (const agency of AGENCIES) expect(receivableEventTypes(policy, agency).length).toBeGreaterThan(0);
  });

  it('names what an agency receives but has no handler for', () => {
    expect(unhandledEventTypes(policy, 'schools', [])).toEqual([ReportStatusChangedV1.type]);
    expect(unhandledEventTypes(policy, 'schools', [ReportStatusChangedV1.type])).toEqual([]);
    expect(unhandledEventTypes(policy, 'police', ['municipality.verification.requested.v1'])).toEqual(['municipality.referral.overdue.v1']);
  });
});
