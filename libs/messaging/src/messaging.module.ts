import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { inboxTopic } from '@casenet/contracts';
import { ChainHeadPublisher } from './chain-head.publisher.js';
import { InboxHandlerRegistry } from './inbox-handler.registry.js';
import { createInboxConsumer } from './inbox.consumer.js';
import { InboxProcessor } from './inbox.processor.js';
import { KafkaConnection } from './kafka.connection.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { OutboxListener } from './outbox.listener.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxService } from './outbox.service.js';

export interface MessagingModuleOptions {
  agency: MessagingOptions['agency'];
  /** Needed before the factory runs: the topic is part of the consumer's decorator. */
  topicPrefix: string;
  imports?: DynamicModule['imports'];
  inject?: unknown[];
  useFactory: (...args: never[]) => MessagingOptions;
}

/** Outbox, relay, inbox and the agency's inbox consumer. Requires a TypeORM DataSource. */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      controllers: [createInboxConsumer(options.topicPrefix + inboxTopic(options.agency), inboxTopic(options.agency))],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: (options.inject ?? []) as never[] },
        KafkaConnection,
        OutboxService,
        OutboxRelay,
        OutboxListener,
        ChainHeadPublisher,
        InboxHandlerRegistry,
        InboxProcessor,
      ],
      exports: [MESSAGING_OPTIONS, KafkaConnection, OutboxService, OutboxRelay, InboxHandlerRegistry, InboxProcessor],
    };
  }
}
