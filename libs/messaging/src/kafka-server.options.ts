import { type KafkaOptions, Transport } from '@nestjs/microservices';
import { Partitioners } from 'kafkajs';
import type { MessagingOptions } from './messaging.options.js';

/**
 * Options of the Nest Kafka transport that consumes the agency's inbox. Raw bytes are kept
 * (keepBinary) so the inbox validates exactly what arrived and can dead-letter it verbatim.
 */
export function kafkaServerOptions(options: MessagingOptions): KafkaOptions {
  return {
    transport: Transport.KAFKA,
    options: {
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
      run: { autoCommit: true, partitionsConsumedConcurrently: 1 },
      parser: { keepBinary: true },
      producerOnlyMode: false,
    },
  };
}

