import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { DEAD_LETTER_HEADERS, deadLetterTopic } from '@casenet/contracts';
import type { ServiceEntry } from '@casenet/service-runtime';
import { eventually } from './agency-client.js';
import { InProcessService } from './in-process-service.js';
import { produceRaw, TopicReader } from './topic-reader.js';

/**
 * The integration spec of a service with no flows yet (health, court): it boots, migrates its
 * own database, is healthy, and dead-letters whatever arrives on its inbox.
 */
export function describeInboxOnlyService(entry: ServiceEntry): void {
  jest.setTimeout(60_000);
  describe(`${entry.agency} service (real PostgreSQL and Kafka)`, () => {
    let service: InProcessService;
    let reader: TopicReader;

    beforeAll(async () => {
      service = await InProcessService.start(entry, `t_int_${entry.agency}_${process.pid}`);
      reader = new TopicReader(service.kafka.brokers);
      await reader.start([deadLetterTopic(service.inbox(entry.agency))]);
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
      await produceRaw(service.kafka.brokers, service.inbox(entry.agency), [{ key: 'CR-TEST0001', value: '{"hello": "world"}' }]);
      const parked = await eventually(async () => reader.messages[0], 'a dead letter');
      expect(parked.headers[DEAD_LETTER_HEADERS.reason]).toBe('unsigned event');
    });
  });
}
