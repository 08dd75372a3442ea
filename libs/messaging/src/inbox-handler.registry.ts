import { Injectable, type OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { EventClass, EventData, EventEnvelope, EventType } from '@casenet/contracts';
import type { EntityManager } from 'typeorm';
import { adoptCaseTrace } from './trace-context.js';

/** Applies one event inside the transaction that also records it in the inbox. */
export type InboxHandler<T extends object> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

const HANDLES_EVENT = Symbol('casenet:handles-event');

/**
 * Marks the method that applies events of this contract, on the provider where the logic
 * lives; the registry finds it at boot. Name it `on<Event>` (`onAbsenceReported`).
 */
export function HandlesEvent<C extends EventClass>(contract: C) {
  return (target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<InboxHandler<EventData<C>>>): void => {
    SetMetadata(HANDLES_EVENT, contract)(target, key, descriptor);
  };
}

/** The inbox consumer dispatches here: one handler per event type, found by `@HandlesEvent`. */
@Injectable()
export class InboxHandlerRegistry implements OnModuleInit {
  private readonly handlers = new Map<string, InboxHandler<object>>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic() || typeof instance !== 'object' || instance === null) continue;
      const prototype: object = Object.getPrototypeOf(instance);
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const method: unknown = Reflect.get(prototype, name);
        if (typeof method !== 'function') continue;
        const contract = this.reflector.get<EventClass | undefined>(HANDLES_EVENT, method);
        // The case's trace is kept in the transaction that applies its event (ADR 0027).
        if (contract)
          this.add(contract.type, async (event, manager) => {
            await adoptCaseTrace(manager, event);
            await method.call(instance, event, manager);
          });
      }
    }
  }

  private add(type: EventType, handler: InboxHandler<object>): void {
    if (this.handlers.has(type)) throw new Error(`a handler for ${type} is already registered`);
    this.handlers.set(type, handler);
  }

  get(type: string): InboxHandler<object> | undefined {
    return this.handlers.get(type);
  }

  /** The event types this service applies, for the coverage check against the sharing policy. */
  types(): string[] {
    return [...this.handlers.keys()].sort();
  }
}
