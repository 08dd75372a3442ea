import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEAD_LETTER_HEADERS, deadLetterTopic, VerificationRequestedV1 } from '@casenet/contracts';
import { fileURLToPath } from 'node:url';
import { eventually, InProcessService, onTheWire, openCaptured, produceRaw, reportFixture, Rng, senderEvent, TopicReader } from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { type RetentionResult, RetentionService } from '@casenet/compliance';
import { policeApp } from './police.app.js';
import { InboxHandlerRegistry, unhandledEventTypes } from '@casenet/messaging';
import { loadSharingPolicy } from '@casenet/privacy';

jest.setTimeout(60_000);

describe('police service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;

  beforeAll(async () => {
    service = await InProcessService.start(policeApp, `t_int_police_${process.pid}`);
    reader = new TopicReader(service.kafka);
    await reader.start([service.inbox('municipality')]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  it('has a @HandlesEvent handler for every event the sharing policy lets police receive', () => {
    expect(unhandledEventTypes(loadSharingPolicy(), 'police', service.app.get(InboxHandlerRegistry).types())).toEqual([]);
  });

  it('lists a requested verification and returns only the outcome code, keeping the officer note', async () => {
    const fixture = reportFixture(new Rng(4));
    const request = senderEvent<VerificationRequestedV1>({
      type: VerificationRequestedV1.type,
      to: 'police',
      source: { requestId: randomUUID(), ...fixture },
    });
    await produceRaw(service.kafka, service.inbox('police'), [{ key: request.caseref, value: await onTheWire(request, 'police', service.keyVault.sealer) }]);
    const pending = await eventually(async () => {
      const list = await service.client().get<{ items: { id: string }[] }>('/verifications?status=pending');
      return list.body.items.find((item) => item.id === request.data.requestId);
    }, 'the request in the worklist');

    const done = await service.client().post(`/verifications/${pending.id}/outcome`, { outcome: 'moved_away', note: 'Portinaia: trasferiti a Bergamo' });
    expect(done.status).toBe(200);
    expect((await service.client().post(`/verifications/${pending.id}/outcome`, { outcome: 'moved_away' })).status).toBe(409);

    const message = await eventually(async () => reader.messages.find((m) => m.key === request.caseref), 'the outcome event');
    const check = await openCaptured(message, 'municipality.inbox.v1', service.keyVault.sealer);
    // Exactly the outcome code and its references: the officer's note stays with police.
    expect(check.ok === true && check.event.data).toEqual({ requestId: request.data.requestId, outcome: 'moved_away', verifiedAt: expect.any(String) });
    const stored = await service.query<{ officer_note: string }>('SELECT officer_note FROM verification_requests WHERE id = $1', [pending.id]);
    expect(stored[0]?.officer_note).toMatch(/^sealed:v1:/);
    expect((await service.client().get<{ note: string }>(`/verifications/${pending.id}`)).body.note).toBe('Portinaia: trasferiti a Bergamo');
  });

  it('expires the officer note after the social period and identity after the identity period', async () => {
    const request = senderEvent<VerificationRequestedV1>({
      type: VerificationRequestedV1.type,
      to: 'police',
      source: { requestId: randomUUID(), ...reportFixture(new Rng(6)) },
    });
    await produceRaw(service.kafka, service.inbox('police'), [{ key: request.caseref, value: await onTheWire(request, 'police', service.keyVault.sealer) }]);
    const id = request.data.requestId;
    await eventually(async () => ((await service.client().get(`/verifications/${id}`)).status === 200 ? true : undefined), 'the request');
    await service.client().post(`/verifications/${id}/outcome`, { outcome: 'confirmed_absent', note: 'Madre al lavoro di notte' });
    const retention = service.app.get(RetentionService);
    const view = async () => (await service.client().get<{ erased: boolean; note: string | null; outcome: string }>(`/verifications/${id}`)).body;
    const days = (n: number) => new Date(Date.now() + n * 86_400_000);

    const ofVerifications = (results: RetentionResult[]) => results.filter((r) => r.target.startsWith('verification_requests'));
    const soon = ofVerifications(await retention.runOnce(days(30)));
    expect(soon.map((r) => r.expired)).toEqual([0, 0]);
    expect(await view()).toMatchObject({ erased: false, note: 'Madre al lavoro di notte' });

    const socialDue = ofVerifications(await retention.runOnce(days(1096)));
    // Counts cover every completed request in this database, the one above included.
    expect(socialDue.map((r) => [r.target, r.retentionDays, r.expired > 0])).toEqual([
      ['verification_requests.personal', 1825, false],
      ['verification_requests.officer_note', 1095, true],
    ]);
    expect(await view()).toMatchObject({ erased: false, note: null, outcome: 'confirmed_absent' });

    const identityDue = ofVerifications(await retention.runOnce(days(1826)));
    expect(identityDue.map((r) => r.expired > 0)).toEqual([true, false]);
    expect(await view()).toMatchObject({ erased: true, outcome: 'confirmed_absent' });
    expect(ofVerifications(await retention.runOnce(days(4000))).map((r) => r.expired)).toEqual([0, 0]); // nothing twice
  });

  it('rejects an unknown outcome with a per-field 400', async () => {
    const response = await service.client().post<{ errors: { path: string }[] }>(`/verifications/${randomUUID()}/outcome`, { outcome: 'arrested' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]?.path).toBe('outcome');
  });
});

describe('police service under a policy that withdraws a field', () => {
  let service: InProcessService;
  let reader: TopicReader;

  beforeAll(async () => {
    const stricter = fileURLToPath(new URL('../../../tests/fixtures/policy-without-police-birthdate.yaml', import.meta.url));
    service = await InProcessService.start(policeApp, `t_int_police_strict_${process.pid}`, { SHARING_POLICY_FILE: stricter });
    reader = new TopicReader(service.kafka);
    await reader.start([deadLetterTopic(service.inbox('police'))]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  it('dead-letters a request carrying a field its agency is not entitled to, and stores nothing', async () => {
    const request = senderEvent<VerificationRequestedV1>({
      type: VerificationRequestedV1.type,
      to: 'police',
      source: { requestId: randomUUID(), ...reportFixture(new Rng(5)) },
    });
    await produceRaw(service.kafka, service.inbox('police'), [{ key: request.caseref, value: await onTheWire(request, 'police', service.keyVault.sealer) }]);
    const parked = await eventually(async () => reader.messages[0], 'a dead letter');
    expect(parked.headers[DEAD_LETTER_HEADERS.reason]).toBe(
      'sharing policy: police is not entitled to data.pupil.birthDate of municipality.verification.requested.v1',
    );
    expect(await service.query('SELECT 1 FROM verification_requests')).toEqual([]);
  });
});
