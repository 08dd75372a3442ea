import { Inject, Injectable, Logger } from '@nestjs/common';
import { checkEvent, deadLetterTopic, type EventEnvelope, type Problem, problemOf } from '@casenet/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { type InboxHandler, InboxHandlerRegistry } from './inbox-handler.registry.js';
import { deadLetterHeaders, decideOnFailure, storable, storableProblem } from './inbox.decisions.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { OutboxService } from './outbox.service.js';
import { DEAD_LETTER_TYPE } from './outbox.relay.js';
import { parseInbound, signatureProblem, unsealEvent } from './inbound-event.js';

export interface InboundMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null;
  value: Buffer | string | null;
}

export type InboxOutcome = 'applied' | 'duplicate' | 'dead-lettered' | 'erased';

/** What validation made of a message, before any transaction. */
export type Validated =
  | { kind: 'valid'; event: EventEnvelope<object>; handler: InboxHandler<object> }
  | { kind: 'invalid'; problem: Problem; event?: EventEnvelope<object> }
  | { kind: 'erased'; subject: string };

function invalid(problem: Problem, event?: EventEnvelope<object>): Validated {
  return { kind: 'invalid', problem, ...(event ? { event } : {}) };
}

/**
 * Validates, deduplicates and applies one inbound message. The effect and the inbox record
 * commit in one transaction, so a redelivered event never applies twice. Invalid or
 * persistently failing messages are dead-lettered (through the outbox, so that is not lost
 * either) and processing moves on. Infrastructure errors are thrown so Kafka redelivers.
 */
@Injectable()
export class InboxProcessor {
  private readonly logger = new Logger('Inbox');

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: InboxHandlerRegistry,
    private readonly outbox: OutboxService,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  async process(message: InboundMessage): Promise<InboxOutcome> {
    return this.settle(message, await this.validate(message));
  }

  /**
   * Everything about one message that needs no transaction: parse, signature, unseal, contract,
   * sharing policy, handler. Database errors of the key vault propagate (Kafka redelivers).
   */
  async validate(message: InboundMessage): Promise<Validated> {
    const parsed = parseInbound(message.value);
    if (!parsed.ok) return invalid(problemOf('malformed-event', parsed.reason, parsed.errors));
    const unsigned = signatureProblem(parsed.event, this.options.trust);
    if (unsigned) return invalid(problemOf('untrusted-event', unsigned));
    const unsealed = await unsealEvent(parsed.event, this.options.sealer);
    if (unsealed.ok === 'erased') return { kind: 'erased', subject: unsealed.subject };
    if (!unsealed.ok) return invalid(problemOf('unreadable-seal', unsealed.reason));
    const check = await checkEvent(unsealed.plain, message.topic);
    if (!check.ok) return invalid(problemOf('invalid-event', check.reason, check.errors));
    const event = check.event;
    const exposed = this.options.policy.unsealedPersonalFields(event.type, this.options.agency, unsealed.clear);
    if (exposed.length > 0) {
      const errors = exposed.map((p) => ({ path: `data.${p}`, message: 'personal data must travel sealed' }));
      return invalid(problemOf('sharing-policy', `personal data must travel sealed: ${errors.map((e) => e.path).join(', ')}`, errors), event);
    }
    const violations = this.options.policy.violations(this.options.agency, event);
    if (violations.length > 0) return invalid(problemOf('sharing-policy', `sharing policy: ${violations.join('; ')}`), event);
    const handler = this.registry.get(event.type);
    if (!handler) return invalid(problemOf('unhandled-event', `${this.options.agency} has no handler for ${event.type}`), event);
    return { kind: 'valid', event, handler };
  }

  /** The one-message path: its own transaction, retries with backoff, then the dead letter. */
  async settle(message: InboundMessage, validated: Validated): Promise<InboxOutcome> {
    if (validated.kind === 'erased') return this.skipErased(message, validated.subject);
    if (validated.kind === 'invalid') return this.deadLetter(message, validated.problem, 1, validated.event);
    const { event, handler } = validated;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.dataSource.transaction((manager) => this.apply(manager, message, event, handler));
        return this.logApplied(message, event, applied);
      } catch (error) {
        const decision = decideOnFailure(error, attempt, { maxAttempts: this.options.inboxMaxAttempts, retryBaseMs: this.options.inboxRetryBaseMs });
        if (decision.action === 'redeliver') throw error;
        if (decision.action === 'dead-letter') return this.deadLetter(message, decision.problem, attempt, event);
        this.logger.warn({
          msg: 'event failed, retrying',
          attempt,
          reason: error instanceof Error ? error.message : String(error),
          ...this.describe(event, message),
        });
        await new Promise((resolve) => setTimeout(resolve, decision.delayMs));
      }
    }
  }

  /** Records the event in the inbox and applies it; false when it was there already (a redelivery). */
  async apply(manager: EntityManager, message: InboundMessage, event: EventEnvelope<object>, handler: InboxHandler<object>): Promise<boolean> {
    const inserted = (await manager.query(
      `INSERT INTO inbox (event_id, event_type, caseref, topic, kafka_partition, kafka_offset)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      [event.id, event.type, event.caseref, message.topic, message.partition, message.offset],
    )) as unknown[];
    if (inserted.length === 0) return false;
    await handler(event, manager);
    return true;
  }

  logApplied(message: InboundMessage, event: EventEnvelope<object>, applied: boolean): InboxOutcome {
    this.logger.log({ msg: applied ? 'event applied' : 'duplicate event ignored', ...this.describe(event, message) });
    return applied ? 'applied' : 'duplicate';
  }

  skipErased(message: InboundMessage, subject: string): InboxOutcome {
    // The child's data was erased: there is nothing left to apply, and nothing to park.
    this.logger.log({ msg: 'event about an erased subject skipped', subject, topic: message.topic, offset: message.offset });
    return 'erased';
  }

  /**
   * Parks the message with its reason as a problem document (the vocabulary of HTTP errors):
   * `reason` is its one-line detail, `problem` the whole of it, in the table and the headers.
   */
  async deadLetter(message: InboundMessage, problem: Problem, attempts: number, event?: EventEnvelope<object>): Promise<InboxOutcome> {
    await this.dataSource.transaction((manager) => this.recordDeadLetter(manager, message, problem, attempts, event));
    return this.logDeadLetter(message, problem, attempts, event);
  }

  /** Records the parked message and its copy for the dead-letter topic, in the caller's transaction. */
  async recordDeadLetter(manager: EntityManager, message: InboundMessage, problem: Problem, attempts: number, event?: EventEnvelope<object>): Promise<void> {
    const stored = storableProblem(problem);
    const recorded = (await manager.query(
      `INSERT INTO dead_letters (topic, kafka_partition, kafka_offset, event_id, event_type, reason, problem, attempts)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
      [
        message.topic,
        message.partition,
        message.offset,
        storableOrNull(event?.id),
        storableOrNull(event?.type),
        stored.detail ?? stored.title,
        JSON.stringify(stored),
        attempts,
      ],
    )) as unknown[];
    if (recorded.length === 0) return; // dead-lettered before a crash; do not publish it twice
    await this.outbox.insert(manager, {
      eventId: randomUUID(),
      topic: deadLetterTopic(message.topic),
      key: storable(toText(message.key) ?? event?.caseref ?? `${message.topic}/${message.partition}`),
      type: DEAD_LETTER_TYPE,
      payload: toBuffer(message.value),
      headers: deadLetterHeaders(stored, message, attempts, this.options.now?.() ?? new Date()),
    });
  }

  logDeadLetter(message: InboundMessage, problem: Problem, attempts: number, event?: EventEnvelope<object>): InboxOutcome {
    const stored = storableProblem(problem);
    const reason = stored.detail ?? stored.title;
    this.logger.error({
      msg: 'message dead-lettered',
      reason,
      problemType: problem.type,
      attempts,
      deadLetterTopic: deadLetterTopic(message.topic),
      ...this.describe(event, message),
    });
    return 'dead-lettered';
  }

  private describe(event: EventEnvelope<object> | undefined, message: InboundMessage): Record<string, unknown> {
    return {
      caseref: event?.caseref,
      eventId: event?.id,
      eventType: event?.type,
      topic: message.topic,
      partition: message.partition,
      offset: message.offset,
    };
  }
}

function storableOrNull(text: unknown): string | null {
  return typeof text === 'string' ? storable(text) : null;
}

function toBuffer(value: Buffer | string | null): Buffer {
  if (value === null) return Buffer.alloc(0);
  return typeof value === 'string' ? Buffer.from(value) : value;
}

function toText(value: Buffer | string | null): string | undefined {
  if (value === null || value.length === 0) return undefined;
  return value.toString();
}
