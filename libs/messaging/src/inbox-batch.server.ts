import { type KafkaOptions, ServerKafka } from '@nestjs/microservices';
import type { Consumer, EachBatchPayload, KafkaMessage } from '@nestjs/microservices/external/kafka.interface.js';
import type { InboundBatchMessage } from './inbox-batch.processor.js';
import type { InboxOutcome } from './inbox.processor.js';

export interface InboxTopic {
  /** What the consumer subscribes to: the logical name with the environment's prefix. */
  physical: string;
  /** What the inbox validates and records. */
  logical: string;
}

export type ProcessBatch = (messages: InboundBatchMessage[]) => Promise<InboxOutcome[]>;

/**
 * The Nest Kafka transport with kafkajs' `eachBatch` instead of `eachMessage` (ADR 0030): each
 * fetched batch of a partition is handed to the inbox in slices of at most `batchMax` messages,
 * in offset order. A slice's offsets are resolved only once the inbox has committed it, so a
 * crash loses nothing (at least once; the inbox drops the redelivered duplicates).
 */
export class InboxBatchServer extends ServerKafka {
  constructor(
    options: Required<KafkaOptions>['options'],
    private readonly topic: InboxTopic,
    private readonly batchMax: number,
    private readonly process: ProcessBatch,
  ) {
    super(options);
  }

  override async bindEvents(consumer: Consumer): Promise<void> {
    await consumer.subscribe({ ...(this.options.subscribe ?? {}), topics: [this.topic.physical] });
    await consumer.run({
      ...(this.options.run ?? {}),
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.consume(payload),
    });
  }

  private async consume({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    for (let from = 0; from < batch.messages.length; from += this.batchMax) {
      // Stopping, or the partition was taken away or sought: the rest is someone else's (or later).
      if (!isRunning() || isStale()) return;
      const slice = batch.messages.slice(from, from + this.batchMax);
      await this.process(slice.map((message) => this.inbound(batch.partition, message)));
      resolveOffset((slice.at(-1) as KafkaMessage).offset);
      await heartbeat();
    }
  }

  private inbound(partition: number, message: KafkaMessage): InboundBatchMessage {
    return { topic: this.topic.logical, partition, offset: message.offset, key: message.key, value: message.value, headers: message.headers };
  }
}
