import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { checkEvent, VerificationRequestedV1 } from '@casenet/contracts';
import { eventually, InProcessService, produceRaw, reportFixture, Rng, senderEvent, TopicReader } from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { policeService } from './police.service.js';

jest.setTimeout(60_000);

describe('police service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;

  beforeAll(async () => {
    service = await InProcessService.start(policeService, `t_int_police_${process.pid}`);
    reader = new TopicReader(service.kafka.brokers);
    await reader.start([service.inbox('municipality')]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  it('lists a requested verification and returns only the outcome code, keeping the officer note', async () => {
    const fixture = reportFixture(new Rng(4));
    const request = senderEvent<VerificationRequestedV1>({
      type: VerificationRequestedV1.type,
      to: 'police',
      source: { requestId: randomUUID(), ...fixture },
    });
    await produceRaw(service.kafka.brokers, service.inbox('police'), [{ key: request.caseref, value: JSON.stringify(request) }]);
    const pending = await eventually(async () => {
      const list = await service.client().get<{ items: { id: string }[] }>('/verifications?status=pending');
      return list.body.items.find((item) => item.id === request.data.requestId);
    }, 'the request in the worklist');

    const done = await service.client().post(`/verifications/${pending.id}/outcome`, { outcome: 'moved_away', note: 'Portinaia: trasferiti a Bergamo' });
    expect(done.status).toBe(200);
    expect((await service.client().post(`/verifications/${pending.id}/outcome`, { outcome: 'moved_away' })).status).toBe(409);

    const message = await eventually(async () => reader.messages.find((m) => m.key === request.caseref), 'the outcome event');
    const check = await checkEvent(JSON.parse(message.value?.toString() ?? ''), 'municipality.inbox.v1');
    expect(check.ok && check.event.data).toEqual({ requestId: request.data.requestId, outcome: 'moved_away', verifiedAt: expect.any(String) });
    expect(message.value?.toString()).not.toContain('Bergamo');
  });

  it('rejects an unknown outcome with a per-field 400', async () => {
    const response = await service.client().post<{ message: string[] }>(`/verifications/${randomUUID()}/outcome`, { outcome: 'arrested' });
    expect(response.status).toBe(400);
    expect(response.body.message[0]).toMatch(/^outcome: /);
  });
});
