import { AGENCIES, type Agency, AUDIT_GROUP_PREFIX, CHAIN_HEADS_TOPIC, deadLetterTopic, inboxConsumerGroup, inboxTopic } from '@casenet/contracts';
import type { SharingPolicy } from '../sharing-policy.js';

/**
 * Kafka's topics, principals and ACLs, derived from the topic registry (`libs/contracts`) and
 * the sharing policy. Every place that configures a broker (the dev/test broker, docker-compose,
 * the Strimzi manifests, docs/kafka-acls.md) is generated from this, so they cannot disagree.
 */

export const ADMIN_PRINCIPAL = 'casenet-admin' as const;
export const AUDIT_PRINCIPAL = 'casenet-audit' as const;

export function servicePrincipal<A extends Agency>(agency: A): `casenet-${A}` {
  return `casenet-${agency}`;
}

export type PrincipalRole = 'service' | 'auditor' | 'admin';

export interface KafkaPrincipal {
  /** SCRAM user name; the ACL principal is `User:<name>`. */
  name: string;
  role: PrincipalRole;
  agency?: Agency;
  /** Super users bypass the ACLs: only the admin, which sets the broker up. */
  superUser: boolean;
  description: string;
}

export type TopicKind = 'inbox' | 'dead-letter' | 'chain-heads';

export interface KafkaTopicSpec {
  /** Physical name, environment prefix included. */
  name: string;
  /** Name in the registry, without the prefix. */
  logicalName: string;
  kind: TopicKind;
  /** The agency whose inbox it is (or whose inbox's dead letters it holds); none for the shared heads topic. */
  agency?: Agency;
  partitions: number;
  replicationFactor: number;
  config: {
    'cleanup.policy': 'delete';
    'retention.ms': string;
    'min.insync.replicas': string;
  };
}

export type AclResourceType = 'topic' | 'group' | 'cluster';
export type AclPatternType = 'literal' | 'prefixed';
/** The only operations CaseNet grants to anyone but the super user. */
export type AclOperation = 'Read' | 'Write';

export interface KafkaAcl {
  principal: string;
  resourceType: AclResourceType;
  patternType: AclPatternType;
  resourceName: string;
  operation: AclOperation;
  /** Why the grant exists, for the generated documentation. */
  reason: string;
}

/** What differs between a one-node broker and a production cluster. */
export interface ClusterProfile {
  replicationFactor: number;
  minInsyncReplicas: number;
}

export const SINGLE_NODE: ClusterProfile = { replicationFactor: 1, minInsyncReplicas: 1 };
/** Three brokers: an acknowledged write (acks=all) is on at least two of them. */
export const PRODUCTION: ClusterProfile = { replicationFactor: 3, minInsyncReplicas: 2 };

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Per kind of topic. Never `compact`: messages are keyed by caseref, so compaction would keep only
 * the last event of each case and erase the history the services and the auditors replay.
 */
export const TOPIC_SETTINGS: Record<TopicKind, { partitions: number; retentionDays: number; why: string }> = {
  inbox: {
    partitions: 6,
    retentionDays: 30,
    why: 'keyed by caseref, so a case stays in order on one partition while cases proceed in parallel (the inbox consumes partitions concurrently); 30 days covers a consumer down for weeks, and the auditors archive every message long before',
  },
  'dead-letter': {
    partitions: 1,
    retentionDays: 90,
    why: 'few messages, read by people investigating a failure: one partition keeps them in arrival order, and 90 days leaves time to investigate (each service also records the reason in its dead_letters table)',
  },
  'chain-heads': {
    partitions: 1,
    retentionDays: 30,
    why: "each producer's signed chain head (how far its chain reached), written by every service's outbox relay and read only by the auditors: a few messages a minute, so one partition keeps every producer's heads in order; 30 days, as long as the inbox events whose tail the heads attest, and the archive keeps them for good",
  },
};

export interface KafkaSecurity {
  topicPrefix: string;
  topics: KafkaTopicSpec[];
  principals: KafkaPrincipal[];
  acls: KafkaAcl[];
}

export interface KafkaSecurityOptions {
  /** KAFKA_TOPIC_PREFIX of the environment (empty, or lower-case ending with a dot). */
  topicPrefix?: string;
  profile?: ClusterProfile;
}

const PREFIX = /^(|[a-z0-9][a-z0-9._-]*\.)$/;

/** Who may send to whom: the `from` → `to` pairs of the sharing policy's rules. */
export function policyRecipients(policy: SharingPolicy, sender: Agency): Agency[] {
  const recipients = new Set(policy.ruleList.filter((rule) => rule.from === sender).map((rule) => rule.to));
  return AGENCIES.filter((agency) => recipients.has(agency));
}

export function deriveKafkaSecurity(policy: SharingPolicy, options: KafkaSecurityOptions = {}): KafkaSecurity {
  const prefix = options.topicPrefix ?? '';
  if (!PREFIX.test(prefix)) throw new Error(`topic prefix "${prefix}" must be empty or lower-case and end with a dot, e.g. "staging."`);
  const profile = options.profile ?? SINGLE_NODE;
  const named = (logical: string) => `${prefix}${logical}`;

  const topics: KafkaTopicSpec[] = AGENCIES.flatMap((agency) => {
    const inbox = inboxTopic(agency);
    return [topicSpec(prefix, inbox, 'inbox', agency, profile), topicSpec(prefix, deadLetterTopic(inbox), 'dead-letter', agency, profile)];
  });
  topics.push(topicSpec(prefix, CHAIN_HEADS_TOPIC, 'chain-heads', undefined, profile));

  const principals: KafkaPrincipal[] = [
    ...AGENCIES.map((agency) => ({
      name: servicePrincipal(agency),
      role: 'service' as const,
      agency,
      superUser: false,
      description: `the ${agency} service`,
    })),
    { name: AUDIT_PRINCIPAL, role: 'auditor', superUser: false, description: 'the audit archiver and `npm run audit -- verify --source topics`: read-only' },
    {
      name: ADMIN_PRINCIPAL,
      role: 'admin',
      superUser: true,
      description: 'creates topics and ACLs (setup only; the broker also uses it between its own listeners); no service has its password',
    },
  ];

  const acls: KafkaAcl[] = [];
  const grant = (
    principal: string,
    resourceType: AclResourceType,
    patternType: AclPatternType,
    resourceName: string,
    operation: AclOperation,
    reason: string,
  ) => acls.push({ principal, resourceType, patternType, resourceName, operation, reason });

  for (const agency of AGENCIES) {
    const principal = servicePrincipal(agency);
    const inbox = inboxTopic(agency);
    grant(principal, 'topic', 'literal', named(inbox), 'Read', 'its own inbox (Read implies Describe)');
    grant(principal, 'group', 'literal', named(inboxConsumerGroup(agency)), 'Read', 'its inbox consumer group: join, heartbeat, commit offsets');
    grant(principal, 'topic', 'literal', named(deadLetterTopic(inbox)), 'Write', 'dead letters of its own inbox, published by its outbox relay');
    grant(principal, 'topic', 'literal', named(CHAIN_HEADS_TOPIC), 'Write', 'its signed chain heads, published by its outbox relay (ADR 0014)');
    for (const recipient of policyRecipients(policy, agency)) {
      const events = policy.ruleList.filter((rule) => rule.from === agency && rule.to === recipient).map((rule) => rule.event);
      grant(principal, 'topic', 'literal', named(inboxTopic(recipient)), 'Write', `the sharing policy lets it send ${recipient} ${events.join(', ')}`);
    }
  }
  for (const topic of topics) grant(AUDIT_PRINCIPAL, 'topic', 'literal', topic.name, 'Read', 'the auditors archive every topic');
  grant(AUDIT_PRINCIPAL, 'group', 'prefixed', named(AUDIT_GROUP_PREFIX), 'Read', "the archiver's group and one fresh group per `verify --source topics` run");

  checkGrants(acls, topics, prefix);
  return { topicPrefix: prefix, topics, principals, acls };
}

function topicSpec(prefix: string, logicalName: string, kind: TopicKind, agency: Agency | undefined, profile: ClusterProfile): KafkaTopicSpec {
  const settings = TOPIC_SETTINGS[kind];
  return {
    name: `${prefix}${logicalName}`,
    logicalName,
    kind,
    ...(agency ? { agency } : {}),
    partitions: settings.partitions,
    replicationFactor: profile.replicationFactor,
    config: {
      'cleanup.policy': 'delete',
      'retention.ms': String(settings.retentionDays * DAY_MS),
      'min.insync.replicas': String(profile.minInsyncReplicas),
    },
  };
}

/**
 * The boundary the ACLs exist for, checked on the derived grants themselves: a mistake in this
 * file fails here, before any broker sees it.
 */
function checkGrants(acls: readonly KafkaAcl[], topics: readonly KafkaTopicSpec[], prefix: string): void {
  const problems: string[] = [];
  const topicNames = new Set(topics.map((t) => t.name));
  for (const acl of acls) {
    const where = `${acl.principal} ${acl.operation} ${acl.resourceType} ${acl.resourceName}`;
    if (acl.resourceType === 'topic' && (acl.patternType !== 'literal' || !topicNames.has(acl.resourceName)))
      problems.push(`${where}: topics are granted one by one, by their registry name`);
    if (acl.patternType === 'prefixed' && !(acl.resourceType === 'group' && acl.principal === AUDIT_PRINCIPAL))
      problems.push(`${where}: only the auditors' groups are granted by prefix`);
    if (acl.principal === AUDIT_PRINCIPAL && acl.operation !== 'Read') problems.push(`${where}: the auditors only read`);
    const agency = AGENCIES.find((a) => servicePrincipal(a) === acl.principal);
    if (agency && acl.operation === 'Read') {
      const own = acl.resourceType === 'topic' ? `${prefix}${inboxTopic(agency)}` : `${prefix}${inboxConsumerGroup(agency)}`;
      if (acl.resourceName !== own) problems.push(`${where}: a service reads only its own inbox, in its own group`);
    }
  }
  // A prefix must not reach a service's group: `casenet-audit-` vs `casenet-<agency>-inbox`.
  for (const acl of acls.filter((a) => a.patternType === 'prefixed')) {
    for (const agency of AGENCIES) {
      if (`${prefix}${inboxConsumerGroup(agency)}`.startsWith(acl.resourceName)) problems.push(`${acl.resourceName}* also matches ${agency}'s group`);
    }
  }
  if (problems.length > 0) throw new Error(`Kafka ACLs break the data boundary:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
}
