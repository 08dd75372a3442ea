import { Inject, Injectable, Logger } from '@nestjs/common';
import { checkEvent, deadLetterTopic, type EventEnvelope, type Problem, problemOf } from '@casenet/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { InboxHandlerRegistry } from './inbox-handler.registry.js';
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
    const parsed = parseInbound(message.value);
    if (!parsed.ok) return this.deadLetter(message, problemOf('malformed-event', parsed.reason, parsed.errors), 1);
    const unsigned = signatureProblem(parsed.event, this.options.trust);
    if (unsigned) return this.deadLetter(message, problemOf('untrusted-event', unsigned), 1);
    const unsealed = await unsealEvent(parsed.event, this.options.sealer);
    if (unsealed.ok === 'erased') {
      // The child's data was erased: there is nothing left to apply, and nothing to park.
      this.logger.log({ msg: 'event about an erased subject skipped', subject: unsealed.subject, topic: message.topic, offset: message.offset });
      return 'erased';
    }
    if (!unsealed.ok) return this.deadLetter(message, problemOf('unreadable-seal', unsealed.reason), 1);
    const check = await checkEvent(unsealed.plain, message.topic);
    if (!check.ok) return this.deadLetter(message, problemOf('invalid-event', check.reason, check.errors), 1);
    const event = check.event;
    const exposed = this.options.policy.unsealedPersonalFields(event.type, this.options.agency, unsealed.clear);
    if (exposed.length > 0) {
      const errors = exposed.map((p) => ({ path: `data.${p}`, message: 'personal data must travel sealed' }));
      return this.deadLetter(
        message,
        problemOf('sharing-policy', `personal data must travel sealed: ${errors.map((e) => e.path).join(', ')}`, errors),
        1,
        event,
      );
    }
    const violations = this.options.policy.violations(this.options.agency, event);
    if (violations.length > 0) return this.deadLetter(message, problemOf('sharing-policy', `sharing policy: ${violations.join('; ')}`), 1, event);
    const handler = this.registry.get(event.type);
    if (!handler) return this.deadLetter(message, problemOf('unhandled-event', `${this.options.agency} has no handler for ${event.type}`), 1, event);

    for (let attempt = 1; ; attempt += 1) {
      try {
        const applied = await this.dataSource.transaction(async (manager) => {
          const inserted = (await manager.query(
            `INSERT INTO inbox (event_id, event_type, caseref, topic, kafka_partition, kafka_offset)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
            [event.id, event.type, event.caseref, message.topic, message.partition, message.offset],
          )) as unknown[];
          if (inserted.length === 0) return false;
          await handler(event, manager);
          return true;
        });
        this.logger.log({ msg: applied ? 'event applied' : 'duplicate event ignored', ...this.describe(event, message) });
        return applied ? 'applied' : 'duplicate';
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

  /**
   * Parks the message with its reason as a problem document (the vocabulary of HTTP errors):
   * `reason` is its one-line detail, `problem` the whole of it, in the table and the headers.
   */
  private async deadLetter(message: InboundMessage, problem: Problem, attempts: number, event?: EventEnvelope<object>): Promise<InboxOutcome> {
    const topic = deadLetterTopic(message.topic);
    const stored = storableProblem(problem);
    const reason = stored.detail ?? stored.title;
    await this.dataSource.transaction(async (manager) => {
      const recorded = (await manager.query(
        `INSERT INTO dead_letters (topic, kafka_partition, kafka_offset, event_id, event_type, reason, problem, attempts)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
        [message.topic, message.partition, message.offset, storableOrNull(event?.id), storableOrNull(event?.type), reason, JSON.stringify(stored), attempts],
      )) as unknown[];
      if (recorded.length === 0) return; // dead-lettered before a crash; do not publish it twice
      await this.outbox.insert(manager, {
        eventId: randomUUID(),
        topic,
        key: storable(toText(message.key) ?? event?.caseref ?? `${message.topic}/${message.partition}`),
        type: DEAD_LETTER_TYPE,
        payload: toBuffer(message.value),
        headers: deadLetterHeaders(stored, message, attempts, this.options.now?.() ?? new Date()),
      });
    });
    this.logger.error({ msg: 'message dead-lettered', reason, problemType: problem.type, attempts, deadLetterTopic: topic, ...this.describe(event, message) });
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
