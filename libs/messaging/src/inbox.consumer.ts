import { Controller, type Type } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { InboxProcessor } from './inbox.processor.js';
import { consumeInTrace } from './trace-context.js';

/**
 * The one Kafka listener of a service: its agency's inbox topic. Built per agency because the
 * topic is part of the decorator; every event type is then dispatched by the registry.
 */
export function createInboxConsumer(physicalTopic: string, logicalTopic: string): Type<unknown> {
  @Controller()
  class InboxConsumer {
    constructor(private readonly processor: InboxProcessor) {}

    @EventPattern<string>(physicalTopic)
    // The payload is read from the context: the raw bytes, not Nest's decoded copy.
    async onMessage(@Payload() _payload: unknown, @Ctx() context: KafkaContext): Promise<void> {
      const message = context.getMessage();
      const inbound = { topic: logicalTopic, partition: context.getPartition(), offset: message.offset };
      await consumeInTrace(message.headers, inbound, () =>
        this.processor.process({
          ...inbound, // the topic is the only one this consumer subscribes to, without the environment prefix
          key: message.key,
          value: message.value,
        }),
      );
    }
  }
  return InboxConsumer;
}
