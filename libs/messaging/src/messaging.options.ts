import type { Agency } from '@casenet/contracts';
import type { SharingPolicy, SubjectSealer } from '@casenet/privacy';
import type { SASLOptions } from 'kafkajs';
import type { SigningKey, TrustList } from '@casenet/audit-log';

export interface MessagingOptions {
  agency: Agency;
  brokers: string[];
  /** SASL/SCRAM credentials of this service's own Kafka principal, and TLS; absent on the test broker. */
  sasl?: SASLOptions;
  ssl: boolean;
  /**
   * Prepended to every physical topic and the consumer group, so several environments (or
   * test runs) can share one cluster. Outbox rows and validation use the logical names.
   */
  topicPrefix: string;
  clientId: string;
  /** Consumer group of the agency's inbox: one group per agency, so each event is handled once. */
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  outboxPollIntervalMs: number;
  outboxBatchSize: number;
  /** Attempts at handling a valid event before it is dead-lettered. */
  inboxMaxAttempts: number;
  inboxRetryBaseMs: number;
  /** Inbox partitions processed at once (each still in order). */
  inboxConcurrency: number;
  /** Most messages of a partition applied in one transaction (ADR 0030); 1 is one transaction per message. */
  inboxBatchMax: number;
  /** Projects what this agency sends and bounds what it accepts. */
  policy: SharingPolicy;
  /** Seals personal data under the child's key; required to send or receive personal data. */
  sealer?: SubjectSealer;
  /** Signs and chains everything this agency publishes. */
  signingKey: SigningKey;
  /** How often a chain head is signed when nothing is published (default 60 s). */
  chainHeadIntervalMs?: number;
  /** The least time between heads while events flow (default 1 s; ADR 0026). */
  chainHeadMinGapMs?: number;
  /** Whose signatures this agency accepts. */
  trust: TrustList;
  /** The service's clock: events and dead letters carry its time, so a moved test clock moves them too. */
  now?: () => Date;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
