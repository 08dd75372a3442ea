import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ChainHeadPublisher } from './chain-head.publisher.js';
import { InboxHandlerRegistry } from './inbox-handler.registry.js';
import { InboxBatchProcessor } from './inbox-batch.processor.js';
import { InboxProcessor } from './inbox.processor.js';
import { KafkaConnection } from './kafka.connection.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { OutboxListener } from './outbox.listener.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxService } from './outbox.service.js';

export interface MessagingModuleOptions {
  agency: MessagingOptions['agency'];
  imports?: DynamicModule['imports'];
  inject?: unknown[];
  useFactory: (...args: never[]) => MessagingOptions;
}

/**
 * Outbox, relay and inbox; the inbox consumer is a transport (`inboxServerStrategy`) that hands
 * its batches to `InboxBatchProcessor`. Requires a TypeORM DataSource.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: [DiscoveryModule, ...(options.imports ?? [])],
      providers: [
        { provide: MESSAGING_OPTIONS, useFactory: options.useFactory, inject: (options.inject ?? []) as never[] },
        KafkaConnection,
        OutboxService,
        OutboxRelay,
        OutboxListener,
        ChainHeadPublisher,
        InboxHandlerRegistry,
        InboxProcessor,
        InboxBatchProcessor,
      ],
      exports: [MESSAGING_OPTIONS, KafkaConnection, OutboxService, OutboxRelay, InboxHandlerRegistry, InboxProcessor, InboxBatchProcessor],
    };
  }
}
