import { SigningKey, TrustList } from '@casenet/audit-log';
import type { SASLOptions } from 'kafkajs';

export interface AuditConfig {
  databaseUrl: string;
  databaseMigrationUrl?: string;
  brokers: string[];
  topicPrefix: string;
  sasl?: SASLOptions;
  ssl: boolean;
  trust: TrustList;
  trustListFile: string;
  /** Signs checkpoints; needed by the archiver, not by the CLI. */
  signingKey?: SigningKey;
  checkpointEvery: number;
}

export class AuditConfigError extends Error {}

/** The auditors' settings: their own archive database, the auditor Kafka principal, the trust list. */
export function loadAuditConfig(env: NodeJS.ProcessEnv, needs: { kafka?: boolean; signing?: boolean } = {}): AuditConfig {
  const problems: string[] = [];
  const databaseUrl = env.AUDIT_DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('AUDIT_DATABASE_URL must be a postgres:// URL of the audit archive');
  const brokers = (env.KAFKA_BROKERS ?? '').split(',').filter(Boolean);
  if (needs.kafka && brokers.length === 0) problems.push('KAFKA_BROKERS must list host:port of the cluster');
  let trust: TrustList | undefined;
  try {
    trust = TrustList.fromFile(env.TRUST_LIST_FILE ?? '');
  } catch (error) {
    problems.push(`TRUST_LIST_FILE cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  let signingKey: SigningKey | undefined;
  if (needs.signing) {
    try {
      signingKey = SigningKey.fromPemFile(env.AUDIT_SIGNING_KEY_ID ?? '', env.AUDIT_SIGNING_KEY_FILE ?? '');
      if (trust && trust.get(signingKey.keyId)?.owner !== 'audit') problems.push(`AUDIT_SIGNING_KEY_ID ${signingKey.keyId} is not an audit key in the trust list`);
    } catch (error) {
      problems.push(`AUDIT_SIGNING_KEY_FILE cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const checkpointEvery = Number(env.AUDIT_CHECKPOINT_EVERY ?? '1000');
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1) problems.push('AUDIT_CHECKPOINT_EVERY must be a positive whole number');
  const mechanism = env.KAFKA_SASL_MECHANISM;
  const sasl: SASLOptions | undefined =
    mechanism === 'scram-sha-512' || mechanism === 'scram-sha-256'
      ? { mechanism, username: env.KAFKA_SASL_USERNAME ?? '', password: env.KAFKA_SASL_PASSWORD ?? '' }
      : undefined;
  if (problems.length > 0 || !trust) throw new AuditConfigError(`Invalid audit configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    databaseUrl,
    databaseMigrationUrl: env.AUDIT_DATABASE_MIGRATION_URL || undefined,
    brokers,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? '',
    sasl,
    ssl: env.KAFKA_SSL === 'true',
    trust,
    trustListFile: env.TRUST_LIST_FILE as string,
    signingKey,
    checkpointEvery,
  };
}
