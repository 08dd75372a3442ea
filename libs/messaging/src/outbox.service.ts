import { Inject, Injectable } from '@nestjs/common';
import { assertValidEvent, type EventClass, type EventData, type EventEnvelope, inboxTopic, newEvent, type RecipientOf } from '@casenet/contracts';
import { isPseudonymousRecipient, pseudonymSpace } from '@casenet/privacy';
import type { EntityManager } from 'typeorm';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { OUTBOX_CHANNEL } from './outbox.listener.js';
import { traceOutgoing } from './trace-context.js';

/** Where an event of contract `C` goes and what the sender knows for it. */
export interface Outgoing<C extends EventClass> {
  to: RecipientOf<C>;
  caseref: string;
  /** The child's pseudonymous subject key: names the data key that seals the personal part. */
  subject: string;
  /**
   * The contract's fields, named one by one by the sender; the sharing policy then keeps those
   * this recipient may receive. Handlers never choose fields themselves.
   */
  source: EventData<C>;
  cause?: Pick<EventEnvelope<object>, 'id' | 'correlationid'>;
  correlationid?: string;
}

/**
 * Writes outgoing events into the outbox inside the caller's transaction, so a state change
 * and the events it causes commit together or not at all. The relay publishes them later.
 */
@Injectable()
export class OutboxService {
  constructor(@Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions) {}

  /**
   * The one way to publish: `publish(AbsenceReportedV1, { to, caseref, subject, source }, manager)`.
   * Projects `source` for the recipient through the sharing policy and enqueues the event.
   */
  async publish<C extends EventClass>(contract: C, args: Outgoing<C>, manager: EntityManager): Promise<EventEnvelope<object>> {
    // Police, ATS and the court each know the child only by their own pseudonym (ADR 0019): a
    // coordinator key sent to them would let them link their data, so it never leaves.
    if (isPseudonymousRecipient(args.to) && pseudonymSpace(args.subject) !== args.to) {
      throw new Error(`${contract.type} to ${args.to} must name the child by ${args.to}'s own pseudonym`);
    }
    const { data, disclosure } = this.options.policy.project<object>(contract.type, args.to, args.source);
    const event = newEvent({
      producer: this.options.agency,
      type: contract.type,
      caseref: args.caseref,
      subject: args.subject,
      data,
      disclosure,
      cause: args.cause,
      correlationid: args.correlationid,
      time: this.options.now?.(),
    });
    const topic = inboxTopic(args.to);
    await assertValidEvent(event, topic);
    const { clear, personal } = this.options.policy.partition(contract.type, args.to, data);
    if (personal) {
      if (!this.options.sealer) throw new Error(`${this.options.agency} has no key vault configured: it cannot send personal data`);
      event.data = clear;
      event.sealed = await this.options.sealer.seal(event.subject, personal);
    }
    await this.insert(manager, {
      eventId: event.id,
      topic,
      key: event.caseref,
      type: event.type,
      payload: Buffer.from(JSON.stringify(event)),
      headers: {
        'content-type': 'application/cloudevents+json',
        ...(await traceOutgoing(manager, { caseref: event.caseref, topic, eventId: event.id, eventType: event.type })),
      },
    });
    return event;
  }

  /** For messages that are not events of ours (dead letters): no validation, bytes kept as they came. */
  async insert(manager: EntityManager, row: OutboxRow): Promise<void> {
    // The notification rides on the insert (one round trip) and reaches the relay at commit.
    await manager.query(
      `WITH inserted AS (
         INSERT INTO outbox (event_id, topic, message_key, event_type, payload, headers) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id
       ) SELECT pg_notify('${OUTBOX_CHANNEL}', '') FROM inserted`,
      [row.eventId, row.topic, row.key, row.type, row.payload, JSON.stringify(row.headers)],
    );
  }
}

export interface OutboxRow {
  eventId: string;
  topic: string;
  key: string;
  type: string;
  payload: Buffer;
  headers: Record<string, string>;
}
