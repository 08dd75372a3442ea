import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AbsenceReportedV1, VerificationCompletedV1 } from '@casenet/contracts';
import { eventually, InProcessService, onTheWire, openCaptured, produceRaw, reportFixture, Rng, senderEvent, TopicReader } from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { type RetentionResult, RetentionService } from '@casenet/compliance';
import { municipalityApp } from './municipality.app.js';
import { InboxHandlerRegistry, unhandledEventTypes } from '@casenet/messaging';
import { loadSharingPolicy } from '@casenet/privacy';

jest.setTimeout(60_000);

describe('municipality service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;
  const rng = new Rng(3);

  beforeAll(async () => {
    service = await InProcessService.start(municipalityApp, `t_int_muni_${process.pid}`);
    reader = new TopicReader(service.kafka);
    await reader.start([service.inbox('schools'), service.inbox('police')]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  const reportEvent = (fixture = reportFixture(rng)) =>
    senderEvent<AbsenceReportedV1>({
      type: AbsenceReportedV1.type,
      to: 'municipality',
      source: { reportId: randomUUID(), ...fixture, reportedAt: new Date().toISOString() },
    });

  /** `topic` is the logical name; on a shared broker the physical one carries the test's prefix. */
  const decoded = async (topic: string, key: string) => {
    const physical = service.topicPrefix + topic;
    const message = await eventually(async () => reader.messages.find((m) => m.topic === physical && m.key === key), `a message for ${key} on ${physical}`);
    const check = await openCaptured(message, topic, service.keyVault.sealer);
    if (check.ok !== true) throw new Error(check.ok === false ? check.reason : 'erased');
    return check.event;
  };

  it('has a @HandlesEvent handler for every event the sharing policy lets municipality receive', () => {
    expect(unhandledEventTypes(loadSharingPolicy(), 'municipality', service.app.get(InboxHandlerRegistry).types())).toEqual([]);
  });

  it('opens a case in its screening queue and tells the school it was received', async () => {
    const event = reportEvent();
    await produceRaw(service.kafka, service.inbox('municipality'), [
      { key: event.caseref, value: await onTheWire(event, 'municipality', service.keyVault.sealer) },
    ]);
    const status = await decoded('schools.inbox.v1', event.caseref);
    expect(status.type).toBe('municipality.report-status.changed.v1');
    expect(status.data).toMatchObject({ status: 'received' });
    expect(status.causationid).toBe(event.id);
    expect(status.correlationid).toBe(event.correlationid);
    const queue = await service.client().get<{ items: { caseref: string; screening: { suggestion: string } }[] }>('/screening/queue');
    expect(queue.body.items.find((c) => c.caseref === event.caseref)?.screening.suggestion).toBe('forward_to_police');
  });

  it('sends police a request without the school notes, then records the outcome', async () => {
    const event = reportEvent();
    await produceRaw(service.kafka, service.inbox('municipality'), [
      { key: event.caseref, value: await onTheWire(event, 'municipality', service.keyVault.sealer) },
    ]);
    await decoded('schools.inbox.v1', event.caseref);
    const forwarded = await service.client().post(`/screening/cases/${event.caseref}/forward`);
    expect(forwarded.status).toBe(200);

    const request = await decoded('police.inbox.v1', event.caseref);
    expect(request.type).toBe('municipality.verification.requested.v1');
    expect(Object.keys(request.data).sort()).toEqual(['pupil', 'requestId', 'residence', 'school']);
    expect(JSON.stringify(request)).not.toContain(event.data.notes as string);

    const outcome = senderEvent({
      type: VerificationCompletedV1.type,
      to: 'municipality',
      caseref: event.caseref,
      source: { requestId: (request.data as { requestId: string }).requestId, outcome: 'confirmed_absent', verifiedAt: new Date().toISOString() },
    });
    await produceRaw(service.kafka, service.inbox('municipality'), [
      { key: event.caseref, value: await onTheWire(outcome, 'municipality', service.keyVault.sealer) },
    ]);
    await eventually(async () => {
      const rows = await service.query<{ state: string }>('SELECT state FROM cases WHERE caseref = $1', [event.caseref]);
      return rows[0]?.state === 'verified' ? true : undefined;
    }, 'the case to be verified');
  });

  it('expires a closed case’s personal data when its retention periods end', async () => {
    const event = reportEvent();
    await produceRaw(service.kafka, service.inbox('municipality'), [
      { key: event.caseref, value: await onTheWire(event, 'municipality', service.keyVault.sealer) },
    ]);
    await decoded('schools.inbox.v1', event.caseref);
    await service.client().post(`/screening/cases/${event.caseref}/close`, { reason: 'clerical_error' });
    const retention = service.app.get(RetentionService);
    const view = async () => (await service.client().get<{ erased: boolean; reports: { notes: string | null }[] }>(`/cases/${event.caseref}`)).body;
    const days = (n: number) => new Date(Date.now() + n * 86_400_000);
    const ofCases = (results: RetentionResult[]) => results.filter((r) => r.target.startsWith('case'));
    expect(ofCases(await retention.runOnce(days(10))).map((r) => r.expired)).toEqual([0, 0]);
    expect((await view()).reports[0]?.notes).toBe(event.data.notes);
    const social = ofCases(await retention.runOnce(days(1100)));
    expect(social.map((r) => [r.target, r.expired > 0])).toEqual([
      ['cases.personal', false],
      ['case_reports.personal', true],
    ]);
    expect(await view()).toMatchObject({ erased: false, reports: [{ notes: null }] });
    await retention.runOnce(days(1830));
    expect((await view()).erased).toBe(true);
  });

  it('answers 404 for an unknown case and 409 for a step its state does not allow', async () => {
    expect((await service.client().post('/cases/CR-UNKNOWN0000/close', { reason: 'resolved' })).status).toBe(404);
    const event = reportEvent();
    await produceRaw(service.kafka, service.inbox('municipality'), [
      { key: event.caseref, value: await onTheWire(event, 'municipality', service.keyVault.sealer) },
    ]);
    await decoded('schools.inbox.v1', event.caseref);
    const early = await service
      .client()
      .post<{ detail: string }>(`/cases/${event.caseref}/take-in-charge`, { programme: 'tutoring_educativo', educator: 'E. Neri' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toMatch(/cannot take in charge a case in state screening/);
  });
});
