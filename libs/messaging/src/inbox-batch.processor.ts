import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isInfrastructureError } from './inbox.errors.js';
import { type InboundMessage, type InboxOutcome, InboxProcessor, type Validated } from './inbox.processor.js';
import { type ConsumerSpan, type KafkaHeaders, startConsumerSpan } from './trace-context.js';

export interface InboundBatchMessage extends InboundMessage {
  headers?: KafkaHeaders;
}

/**
 * Consumes consecutive messages of one partition with one transaction for all of them (ADR 0030):
 * every message is validated first (no database but the key vault's cache), then the valid ones
 * are recorded and applied, and the invalid ones parked, in offset order in one transaction. When
 * that transaction fails for a reason of the messages, it is rolled back and every message takes
 * the one-message path of `InboxProcessor` (retries, dead letter), so a poison message still only
 * parks itself. Each message is processed inside its own consumer span.
 */
@Injectable()
export class InboxBatchProcessor {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly dataSource: DataSource,
    private readonly inbox: InboxProcessor,
  ) {}

  /** `messages`: one partition's, in offset order. Resolves once every one of them is settled and committed. */
  async processBatch(messages: readonly InboundBatchMessage[]): Promise<InboxOutcome[]> {
    const spans = messages.map((m) => startConsumerSpan(m.headers, { topic: m.topic, partition: m.partition, offset: m.offset }));
    try {
      const items: Item[] = [];
      for (const [i, message] of messages.entries()) {
        const span = spans[i] as ConsumerSpan;
        items.push({ message, span, validated: await span.run(() => this.inbox.validate(message)) });
      }
      const outcomes = (await this.together(items)) ?? (await this.oneByOne(items));
      for (const span of spans) span.end();
      return outcomes;
    } catch (error) {
      for (const span of spans) span.end(error);
      throw error;
    }
  }

  /** All in one transaction; undefined when a message made it fail (then nothing of it committed). */
  private async together(items: Item[]): Promise<InboxOutcome[] | undefined> {
    // One message gains nothing from a shared transaction, and its first attempt would be spent twice.
    if (items.length < 2 || items.every((item) => item.validated.kind === 'erased')) return undefined;
    let applied: boolean[];
    try {
      applied = await this.dataSource.transaction(async (manager) => {
        const done: boolean[] = [];
        for (const { message, span, validated: v } of items) {
          if (v.kind === 'valid') done.push(await span.run(() => this.inbox.apply(manager, message, v.event, v.handler)));
          else {
            if (v.kind === 'invalid') await span.run(() => this.inbox.recordDeadLetter(manager, message, v.problem, 1, v.event));
            done.push(false);
          }
        }
        return done;
      });
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      const first = items[0]?.message;
      this.logger.warn({
        msg: 'batch failed, applying its messages one by one',
        reason: error instanceof Error ? error.message : String(error),
        topic: first?.topic,
        partition: first?.partition,
        fromOffset: first?.offset,
        toOffset: items.at(-1)?.message.offset,
      });
      return undefined;
    }
    return items.map(({ message, validated: v }, i) => {
      if (v.kind === 'valid') return this.inbox.logApplied(message, v.event, applied[i] === true);
      if (v.kind === 'invalid') return this.inbox.logDeadLetter(message, v.problem, 1, v.event);
      return this.inbox.skipErased(message, v.subject);
    });
  }

  private async oneByOne(items: Item[]): Promise<InboxOutcome[]> {
    const outcomes: InboxOutcome[] = [];
    for (const { message, span, validated } of items) outcomes.push(await span.run(() => this.inbox.settle(message, validated)));
    return outcomes;
  }
}

interface Item {
  message: InboundBatchMessage;
  span: ConsumerSpan;
  validated: Validated;
}
