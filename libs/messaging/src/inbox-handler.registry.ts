import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@casenet/contracts';
import type { EntityManager } from 'typeorm';

/** Applies one event inside the transaction that also records it in the inbox. */
export type InboxHandler<T extends object> = (event: EventEnvelope<T>, manager: EntityManager) => Promise<void>;

interface EventClass<T extends object> {
  readonly type: string;
  new (): T;
}

/** Feature modules register the event types they handle; the inbox consumer dispatches here. */
@Injectable()
export class InboxHandlerRegistry {
  private readonly handlers = new Map<string, InboxHandler<object>>();

  register<T extends object>(eventClass: EventClass<T>, handler: InboxHandler<T>): void {
    if (this.handlers.has(eventClass.type)) throw new Error(`a handler for ${eventClass.type} is already registered`);
    this.handlers.set(eventClass.type, handler as InboxHandler<object>);
  }

  get(type: string): InboxHandler<object> | undefined {
    return this.handlers.get(type);
  }
}
