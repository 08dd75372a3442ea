import { SigningKey, TrustList } from '@casenet/audit-log';
import type { SASLOptions } from 'kafkajs';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm start` records the broker it started (from dist/ or src/ alike: three levels below the root). */
export const DEFAULT_KAFKA_CONNECTION_FILE = fileURLToPath(new URL('../../../.dev/kafka-connection.json', import.meta.url));

/**
 * What `npm start` records about its broker: bootstrap servers, and the credentials of each
 * principal when the broker has SASL (the auditors use theirs, `audit`).
 */
interface RecordedConnection {
  brokers?: string[] | string;
  /** A broker home's credentials.json names only its port, on this host. */
  port?: number;
  topicPrefix?: string;
  ssl?: boolean;
  sasl?: { mechanism: string; username: string; password: string };
  principals?: Record<string, { mechanism?: string; username: string; password: string }>;
  /** The broker home's credentials.json (SCRAM-SHA-512 logins by principal), where npm start keeps them. */
  credentialsFile?: string;
}

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
  /** Where the broker's connection was looked up when KAFKA_BROKERS is unset. */
  connectionFile: string;
}

export class AuditConfigError extends Error {}

/** The auditors' settings: their own archive database, the auditor Kafka principal, the trust list. */
export function loadAuditConfig(env: NodeJS.ProcessEnv, needs: { kafka?: boolean; signing?: boolean } = {}): AuditConfig {
  const problems: string[] = [];
  const databaseUrl = env.AUDIT_DATABASE_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('AUDIT_DATABASE_URL must be a postgres:// URL of the audit archive');
  const connectionFile = env.KAFKA_CONNECTION_FILE || DEFAULT_KAFKA_CONNECTION_FILE;
  // Explicit settings win; else the broker `npm start` recorded, so `verify --source topics` finds it.
  const recorded = env.KAFKA_BROKERS ? undefined : readRecordedConnection(connectionFile, problems);
  const recordedBrokers = Array.isArray(recorded?.brokers)
    ? recorded.brokers.join(',')
    : (recorded?.brokers ?? (recorded?.port ? `127.0.0.1:${recorded.port}` : ''));
  const brokers = (env.KAFKA_BROKERS ?? recordedBrokers).split(',').filter(Boolean);
  if (needs.kafka && brokers.length === 0) problems.push(`KAFKA_BROKERS must list host:port of the cluster (no broker recorded in ${connectionFile})`);
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
      if (trust && trust.get(signingKey.keyId)?.owner !== 'audit')
        problems.push(`AUDIT_SIGNING_KEY_ID ${signingKey.keyId} is not an audit key in the trust list`);
    } catch (error) {
      problems.push(`AUDIT_SIGNING_KEY_FILE cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const checkpointEvery = Number(env.AUDIT_CHECKPOINT_EVERY ?? '1000');
  if (!Number.isInteger(checkpointEvery) || checkpointEvery < 1) problems.push('AUDIT_CHECKPOINT_EVERY must be a positive whole number');
  const credentials = env.KAFKA_SASL_MECHANISM
    ? { mechanism: env.KAFKA_SASL_MECHANISM, username: env.KAFKA_SASL_USERNAME ?? '', password: env.KAFKA_SASL_PASSWORD ?? '' }
    : auditorCredentials(recorded);
  const mechanism = credentials?.mechanism.toLowerCase();
  const sasl: SASLOptions | undefined =
    credentials && (mechanism === 'scram-sha-512' || mechanism === 'scram-sha-256')
      ? { mechanism, username: credentials.username, password: credentials.password }
      : undefined;
  if (problems.length > 0 || !trust) throw new AuditConfigError(`Invalid audit configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return {
    databaseUrl,
    databaseMigrationUrl: env.AUDIT_DATABASE_MIGRATION_URL || undefined,
    brokers,
    topicPrefix: env.KAFKA_TOPIC_PREFIX ?? recorded?.topicPrefix ?? '',
    sasl,
    ssl: env.KAFKA_SSL ? env.KAFKA_SSL === 'true' : recorded?.ssl === true,
    trust,
    trustListFile: env.TRUST_LIST_FILE as string,
    signingKey,
    checkpointEvery,
    connectionFile,
  };
}

function readRecordedConnection(file: string, problems: string[]): RecordedConnection | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedConnection;
    if (!Array.isArray(recorded.brokers) && typeof recorded.brokers !== 'string' && typeof recorded.port !== 'number') throw new Error('it names no broker');
    if (!recorded.credentialsFile) return recorded;
    const home = JSON.parse(readFileSync(recorded.credentialsFile, 'utf8')) as Pick<RecordedConnection, 'principals'>;
    return { ...recorded, principals: { ...home.principals, ...recorded.principals } };
  } catch (error) {
    problems.push(`${file} (the broker npm start recorded) cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The auditors' own principal when the recorded broker has SASL (named `audit` or `casenet-audit`). */
function auditorCredentials(recorded: RecordedConnection | undefined): { mechanism: string; username: string; password: string } | undefined {
  const auditor = recorded?.principals?.audit ?? recorded?.principals?.['casenet-audit'];
  if (auditor) return { mechanism: auditor.mechanism ?? recorded?.sasl?.mechanism ?? 'scram-sha-512', username: auditor.username, password: auditor.password };
  return recorded?.sasl;
}
