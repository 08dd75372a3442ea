import { Injectable } from '@nestjs/common';
import { assertValidEvent, type EventEnvelope } from '@casenet/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Writes outgoing events into the outbox inside the caller's transaction, so a state change
 * and the events it causes commit together or not at all. The relay publishes them later.
 */
@Injectable()
export class OutboxService {
  async enqueue(manager: EntityManager, topic: string, event: EventEnvelope<object>): Promise<void> {
    await assertValidEvent(event, topic);
    await this.insert(manager, {
      eventId: event.id,
      topic,
      key: event.caseref,
      type: event.type,
      payload: Buffer.from(JSON.stringify(event)),
      headers: { 'content-type': 'application/cloudevents+json' },
    });
  }

  /** For messages that are not events of ours (dead letters): no validation, bytes kept as they came. */
  async insert(manager: EntityManager, row: OutboxRow): Promise<void> {
    await manager.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, payload, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
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
