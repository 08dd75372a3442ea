import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEAD_LETTER_HEADERS, deadLetterTopic } from '@casenet/contracts';
import { eventually, InProcessService, produceRaw, TopicReader } from '@casenet/testing';
import { courtService } from './court.service.js';

jest.setTimeout(60_000);

describe('court service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;

  beforeAll(async () => {
    service = await InProcessService.start(courtService, `t_int_court_${process.pid}`);
    reader = new TopicReader(service.kafka.brokers);
    await reader.start([deadLetterTopic(service.inbox('court'))]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  it('boots, migrates its own database and reports healthy', async () => {
    expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
    expect(await service.query('SELECT name FROM migrations ORDER BY id')).toEqual([{ name: 'MessagingTables1763700000000' }, { name: 'Ledger1763700000001' }]);
  });

  it('dead-letters anything on its inbox until its flows exist', async () => {
    await produceRaw(service.kafka.brokers, service.inbox('court'), [{ key: 'CR-TEST0001', value: '{"hello": "world"}' }]);
    const parked = await eventually(async () => reader.messages[0], 'a dead letter');
    expect(parked.headers[DEAD_LETTER_HEADERS.reason]).toBe('unsigned event');
  });
});
