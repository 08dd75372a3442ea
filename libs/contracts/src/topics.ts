import { AGENCIES, type Agency } from './agencies.js';

/**
 * One inbox topic per receiving agency: only that agency reads it, so broker ACLs can
 * enforce the data boundary. Senders write a per-recipient projection into it.
 */
export function inboxTopic(agency: Agency): string {
  return `${agency}.inbox.v1`;
}

/** Where a consumer parks what it cannot process, with the reason in the headers. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dead-letter`;
}

export function agencyOfInbox(topic: string): Agency | undefined {
  return AGENCIES.find((agency) => inboxTopic(agency) === topic);
}

/** The consumer group an agency's service reads its inbox in (before any environment prefix). */
export function inboxConsumerGroup(agency: Agency): string {
  return `casenet-${agency}-inbox`;
}

/**
 * Every consumer group of the auditors starts with this, and no service's group does: the
 * auditors' broker ACL is a prefix on it, so it must not match `casenet-<agency>-inbox`.
 */
export const AUDIT_GROUP_PREFIX = 'casenet-audit-';

export const INBOX_TOPICS: readonly string[] = AGENCIES.map(inboxTopic);
export const DEAD_LETTER_TOPICS: readonly string[] = INBOX_TOPICS.map(deadLetterTopic);
/** Topics that carry case events (and their dead letters): what the sharing policy governs. */
export const EVENT_TOPICS: readonly string[] = [...INBOX_TOPICS, ...DEAD_LETTER_TOPICS];

/**
 * Every producer publishes its signed chain head here (how far its chain reaches, and the hash of
 * that event), so a missing tail is as visible to the auditors as a missing middle. Every agency
 * writes it; only the auditors read it. No case data travels on it.
 */
export const CHAIN_HEADS_TOPIC = 'audit.chain-heads.v1';

/** Every topic there is: what the broker must hold and the auditors archive. */
export const ALL_TOPICS: readonly string[] = [...EVENT_TOPICS, CHAIN_HEADS_TOPIC];

/** Headers a dead-lettered message carries besides its original bytes. */
export const DEAD_LETTER_HEADERS = {
  /** The problem's detail, one line. */
  reason: 'x-dead-letter-reason',
  /** The whole problem (RFC 9457 JSON): type, title, detail, errors with field paths. */
  problem: 'x-dead-letter-problem',
  sourceTopic: 'x-dead-letter-source-topic',
  sourcePartition: 'x-dead-letter-source-partition',
  sourceOffset: 'x-dead-letter-source-offset',
  attempts: 'x-dead-letter-attempts',
  failedAt: 'x-dead-letter-failed-at',
} as const;
