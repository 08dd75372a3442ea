import type { CustomStrategy, KafkaOptions } from '@nestjs/microservices';
import { inboxTopic } from '@casenet/contracts';
import { Partitioners } from 'kafkajs';
import { InboxBatchServer, type ProcessBatch } from './inbox-batch.server.js';
import type { MessagingOptions } from './messaging.options.js';

/**
 * Options of the Nest Kafka transport that consumes the agency's inbox. Raw bytes are kept
 * (keepBinary) so the inbox validates exactly what arrived and can dead-letter it verbatim.
 * Partitions are consumed concurrently, each in order: a case's events share a partition (the
 * caseref is the key), so per-case order holds while different cases proceed in parallel.
 */
export function kafkaServerOptions(options: MessagingOptions): Required<KafkaOptions>['options'] {
  return {
    postfixId: '',
    client: { clientId: `${options.clientId}-consumer`, brokers: options.brokers, ssl: options.ssl, sasl: options.sasl },
    consumer: {
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs,
      heartbeatInterval: options.heartbeatIntervalMs,
      maxWaitTimeInMs: options.maxWaitTimeMs,
      allowAutoTopicCreation: true,
    },
    producer: { createPartitioner: Partitioners.DefaultPartitioner },
    subscribe: { fromBeginning: true },
    run: { autoCommit: true, partitionsConsumedConcurrently: options.inboxConcurrency },
    parser: { keepBinary: true },
    producerOnlyMode: false,
  };
}

/** The agency's inbox consumer as a Nest transport: batches of its inbox topic, to `process` (ADR 0030). */
export function inboxServerStrategy(options: MessagingOptions, process: ProcessBatch): CustomStrategy {
  const topic = { physical: options.topicPrefix + inboxTopic(options.agency), logical: inboxTopic(options.agency) };
  return { strategy: new InboxBatchServer(kafkaServerOptions(options), topic, options.inboxBatchMax, process) };
}
