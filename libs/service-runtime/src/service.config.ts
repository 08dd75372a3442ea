import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, validateSync } from 'class-validator';
import { describeValidationErrors, inboxConsumerGroup } from '@casenet/contracts';
import type { MessagingOptions } from '@casenet/messaging';
import type { Agency } from '@casenet/contracts';
import {
  DEFAULT_KEY_CACHE_MAX_AGE_MS,
  DEFAULT_KEY_CACHE_MAX_ENTRIES,
  DEFAULT_POLICY_FILE,
  type KeyCacheOptions,
  loadSharingPolicy,
  PolicyError,
  type PseudonymousRecipient,
  type PseudonymSecrets,
  pseudonymSecretVariable,
  type PseudonymSpace,
  type SharingPolicy,
} from '@casenet/privacy';
import type { SASLOptions } from 'kafkajs';
import { SigningKey, TrustList } from '@casenet/audit-log';
import { existsSync } from 'node:fs';
import { type LoadSettings, readLoadSettings } from './http/load.settings.js';

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/**
 * Every setting the runtime reads from the environment, with the rule it must follow. The
 * concerns a service adds (deadlines, compliance) read and check their own.
 */
class ServiceEnvironment {
  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer' })
  @Min(0) // 0: any free port (tests)
  @Max(65535)
  PORT!: number;

  @IsString({ message: 'HOST must be an interface address' })
  HOST!: string;

  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_URL must be a postgres:// URL of this service’s own database' },
  )
  DATABASE_URL!: string;

  @Matches(/^[^,\s:]+:\d{1,5}(,[^,\s:]+:\d{1,5})*$/, {
    message: 'KAFKA_BROKERS must be a comma-separated list of host:port',
  })
  KAFKA_BROKERS!: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'DATABASE_MIGRATION_URL must be a postgres:// URL of the same database, as its migrator role' },
  )
  DATABASE_MIGRATION_URL?: string;

  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]*\.$/, { message: 'KAFKA_TOPIC_PREFIX must be lower-case and end with a dot, e.g. "staging."' })
  KAFKA_TOPIC_PREFIX?: string;

  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'JWT_JWKS_URL must be an http(s) URL' })
  JWT_JWKS_URL?: string;

  @IsOptional()
  @IsString()
  JWT_PUBLIC_KEY_FILE?: string;

  /** The dev issuer's private key: with it the service's UI offers a dev login (never in production). */
  @IsOptional()
  @IsString()
  DEV_LOGIN_PRIVATE_KEY_FILE?: string;

  /** The production OIDC provider the UI signs in with (authorization code + PKCE). */
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['https', 'http'] }, { message: 'OIDC_AUTHORITY must be an http(s) URL' })
  OIDC_AUTHORITY?: string;

  @IsOptional()
  @IsString()
  OIDC_CLIENT_ID?: string;

  /** Where the caseworkers' UI was built (index.html); without it the service serves no UI. */
  @IsOptional()
  @IsString()
  UI_DIR?: string;

  @IsString()
  JWT_ISSUER!: string;

  @IsString()
  JWT_AUDIENCE!: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL!: string;

  @Transform(toInt)
  @IsInt()
  @Min(1000)
  KAFKA_SESSION_TIMEOUT_MS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  KAFKA_HEARTBEAT_INTERVAL_MS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(10)
  @Max(10000)
  KAFKA_MAX_WAIT_MS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  OUTBOX_POLL_INTERVAL_MS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(5000)
  OUTBOX_BATCH_SIZE!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  INBOX_MAX_ATTEMPTS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  INBOX_CONCURRENCY!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  INBOX_BATCH_MAX!: number;

  @IsOptional()
  @IsIn(['scram-sha-256', 'scram-sha-512'], { message: 'KAFKA_SASL_MECHANISM must be scram-sha-256 or scram-sha-512' })
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512';

  @IsOptional()
  @IsString()
  KAFKA_SASL_USERNAME?: string;

  @IsOptional()
  @IsString()
  KAFKA_SASL_PASSWORD?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL?: string;

  @IsOptional()
  @IsString()
  SHARING_POLICY_FILE?: string;

  @IsString({ message: 'SIGNING_KEY_FILE must name this agency’s Ed25519 private key (PEM)' })
  SIGNING_KEY_FILE!: string;

  @Matches(/^[a-z0-9][a-z0-9._-]{2,99}$/, { message: 'SIGNING_KEY_ID must name the key as the trust list does, e.g. schools-2026-1' })
  SIGNING_KEY_ID!: string;

  @IsString({ message: 'TRUST_LIST_FILE must name the JSON trust list of public keys' })
  TRUST_LIST_FILE!: string;

  @IsOptional()
  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: 'KEY_VAULT_URL must be a postgres:// URL of the subject key vault' },
  )
  KEY_VAULT_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'MASTER_KEY must be 32 random bytes, base64-encoded (44 characters)' })
  MASTER_KEY?: string;

  @IsOptional()
  @IsString({ message: 'KEK_DIR must name the directory of key-encryption keys (shared by the services of one vault)' })
  KEK_DIR?: string;

  // 0 turns the key cache off. Above a minute an erased child's key would outlive the DPO's patience (ADR 0029).
  @Transform(toInt)
  @IsInt({ message: 'KEY_CACHE_MAX_AGE_MS must be milliseconds, 0 (no key cache) to 60000' })
  @Min(0)
  @Max(60_000)
  KEY_CACHE_MAX_AGE_MS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  KEY_CACHE_MAX_ENTRIES!: number;

  @IsOptional()
  @IsString()
  CLOCK_OFFSET_FILE?: string;

  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'SUBJECT_KEY_SECRET must be at least 32 characters (a random secret shared by the linking agencies)' })
  SUBJECT_KEY_SECRET?: string;

  // Each agency's own pseudonymisation secret (ADR 0019): the agency holds its own, the municipality all.
  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'POLICE_SUBJECT_KEY_SECRET must be at least 32 characters (a random secret of police and the municipality)' })
  POLICE_SUBJECT_KEY_SECRET?: string;

  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'HEALTH_SUBJECT_KEY_SECRET must be at least 32 characters (a random secret of the municipality)' })
  HEALTH_SUBJECT_KEY_SECRET?: string;

  @IsOptional()
  @IsString()
  @Matches(/^.{32,}$/, { message: 'COURT_SUBJECT_KEY_SECRET must be at least 32 characters (a random secret of the municipality)' })
  COURT_SUBJECT_KEY_SECRET?: string;
}

/** Settings only some services need. */
export interface ServiceRequirements {
  /** It links records of the same child: it needs the coordinator's pseudonymisation secret. */
  subjectKeys?: boolean;
  /** The agencies whose own pseudonym of a child it derives (ADR 0019): police its own, the municipality every one. */
  recipientPseudonyms?: readonly PseudonymousRecipient[];
  /** It holds or exchanges personal data: it needs the subject key vault to seal it. */
  personalData?: boolean;
}

/**
 * How the service reaches Kafka. The policy, the signing key and the trust list that messaging
 * also needs are not settings: ServiceCoreModule provides them (and the sealer) for injection.
 */
export type MessagingSettings = Omit<MessagingOptions, 'policy' | 'sealer' | 'signingKey' | 'trust'>;

export interface ServiceConfig {
  agency: Agency;
  port: number;
  host: string;
  databaseUrl: string;
  /** The schema owner's URL for migrations; without it the service migrates as its app role. */
  databaseMigrationUrl?: string;
  logLevel: string;
  auth: { issuer: string; audience: string; jwksUrl?: string; publicKeyFile?: string };
  /** The caseworkers' UI: its build, and how it signs in (ui.devLogin only with the dev issuer). */
  ui: UiSettings;
  messaging: MessagingSettings;
  /** The sharing policy (SHARING_POLICY_FILE), read and checked at start; provided as SharingPolicy. */
  policy: SharingPolicy;
  /** This agency's key and whose signatures it accepts; provided as SigningKey and TrustList. */
  signing: { key: SigningKey; trust: TrustList };
  /** Present when the service links records (ServiceRequirements.subjectKeys). */
  subjectKeySecret?: string;
  /** The secret of each pseudonym space it derives in (the coordinator's is subjectKeySecret). */
  pseudonymSecrets: PseudonymSecrets;
  /** Present when the service holds personal data (ServiceRequirements.personalData). */
  keyVault?: { url: string; masterKey: string; kekDir: string; cache?: KeyCacheOptions };
  /** Test and demo only: a file holding milliseconds to add to the clock (see Clock). */
  clockOffsetFile?: string;
  /** The database pool and the bounds beyond which the API answers 503 (ADR 0028). */
  load: LoadSettings;
}

export interface UiSettings {
  dir?: string;
  devLogin?: { privateKeyFile: string };
  oidc?: { authority: string; clientId: string };
}

export class ConfigError extends Error {
  constructor(
    agency: string,
    readonly problems: string[],
  ) {
    super(`Invalid configuration for the ${agency} service:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const DEFAULTS: Record<string, string> = {
  HOST: '0.0.0.0',
  JWT_ISSUER: 'urn:casenet:dev-issuer',
  JWT_AUDIENCE: 'casenet',
  LOG_LEVEL: 'info',
  KAFKA_SESSION_TIMEOUT_MS: '10000',
  KAFKA_HEARTBEAT_INTERVAL_MS: '1000',
  KAFKA_MAX_WAIT_MS: '500',
  OUTBOX_POLL_INTERVAL_MS: '100',
  OUTBOX_BATCH_SIZE: '500',
  INBOX_MAX_ATTEMPTS: '5',
  INBOX_CONCURRENCY: '4',
  INBOX_BATCH_MAX: '100',
  KEY_CACHE_MAX_AGE_MS: String(DEFAULT_KEY_CACHE_MAX_AGE_MS),
  KEY_CACHE_MAX_ENTRIES: String(DEFAULT_KEY_CACHE_MAX_ENTRIES),
};

/** Reads and checks the runtime's environment; reports every wrong or missing setting at once. */
export function loadServiceConfig(agency: Agency, defaultPort: number, env: NodeJS.ProcessEnv, requirements: ServiceRequirements = {}): ServiceConfig {
  const problems: string[] = [];
  const config = checkServiceConfig(agency, defaultPort, env, requirements, problems);
  if (!config || problems.length > 0) throw new ConfigError(agency, problems);
  return config;
}

/**
 * Reads the runtime's environment, pushing a line per wrong or missing setting onto `problems`
 * (so a service can report them with its other concerns'); undefined when it cannot be read.
 */
export function checkServiceConfig(
  agency: Agency,
  defaultPort: number,
  env: NodeJS.ProcessEnv,
  requirements: ServiceRequirements,
  problems: string[],
): ServiceConfig | undefined {
  const known = problems.length;
  const raw = { ...DEFAULTS, PORT: String(defaultPort), ...pickDefined(env) };
  const parsed = plainToInstance(ServiceEnvironment, raw);
  problems.push(...describeValidationErrors(validateSync(parsed, { whitelist: true })).map((line) => line.replace(/^([A-Z_]+): \1 /, '$1 ')));
  if (!parsed.JWT_JWKS_URL && !parsed.JWT_PUBLIC_KEY_FILE) {
    problems.push('JWT_JWKS_URL (production OIDC provider) or JWT_PUBLIC_KEY_FILE (dev issuer) is required');
  } else if (!parsed.JWT_JWKS_URL && parsed.JWT_PUBLIC_KEY_FILE && !existsSync(parsed.JWT_PUBLIC_KEY_FILE)) {
    problems.push(`JWT_PUBLIC_KEY_FILE points to a missing file: ${parsed.JWT_PUBLIC_KEY_FILE}`);
  }
  const ui = uiSettings(parsed, env, problems);
  const load = readLoadSettings(env, problems);
  if (parsed.KAFKA_HEARTBEAT_INTERVAL_MS >= parsed.KAFKA_SESSION_TIMEOUT_MS) {
    problems.push('KAFKA_HEARTBEAT_INTERVAL_MS must be smaller than KAFKA_SESSION_TIMEOUT_MS');
  }
  let signingKey: SigningKey | undefined;
  let trust: TrustList | undefined;
  if (parsed.SIGNING_KEY_FILE && parsed.SIGNING_KEY_ID) {
    try {
      signingKey = SigningKey.fromPemFile(parsed.SIGNING_KEY_ID, parsed.SIGNING_KEY_FILE);
    } catch (error) {
      problems.push(`SIGNING_KEY_FILE cannot be read as an Ed25519 private key: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (parsed.TRUST_LIST_FILE) {
    try {
      trust = TrustList.fromFile(parsed.TRUST_LIST_FILE);
      if (parsed.SIGNING_KEY_ID && trust.get(parsed.SIGNING_KEY_ID)?.owner !== agency) {
        problems.push(`SIGNING_KEY_ID ${parsed.SIGNING_KEY_ID} is not in the trust list as a key of ${agency}`);
      }
    } catch (error) {
      problems.push(`TRUST_LIST_FILE cannot be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (parsed.KAFKA_SASL_MECHANISM && (!parsed.KAFKA_SASL_USERNAME || !parsed.KAFKA_SASL_PASSWORD)) {
    problems.push('KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD are required with KAFKA_SASL_MECHANISM');
  }
  if (requirements.personalData && (!parsed.KEY_VAULT_URL || !parsed.MASTER_KEY || !parsed.KEK_DIR)) {
    problems.push(`KEY_VAULT_URL, MASTER_KEY and KEK_DIR are required: the ${agency} service seals personal data under per-child keys`);
  }
  if (requirements.subjectKeys && !parsed.SUBJECT_KEY_SECRET) {
    problems.push(`SUBJECT_KEY_SECRET is required: the ${agency} service links records of the same child`);
  }
  const pseudonymSecrets = requiredPseudonymSecrets(agency, parsed, requirements, problems);
  if (parsed.CLOCK_OFFSET_FILE && env.NODE_ENV === 'production') {
    problems.push('CLOCK_OFFSET_FILE moves the clock for tests and demos; it is refused when NODE_ENV=production');
  }
  let policy: SharingPolicy | undefined;
  try {
    policy = loadSharingPolicy(parsed.SHARING_POLICY_FILE ?? DEFAULT_POLICY_FILE);
  } catch (error) {
    if (error instanceof PolicyError) problems.push(...error.problems.map((p) => `SHARING_POLICY_FILE: ${p}`));
    else problems.push(`SHARING_POLICY_FILE cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (problems.length > known || !policy || !signingKey || !trust) return undefined;

  return {
    agency,
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL,
    databaseMigrationUrl: parsed.DATABASE_MIGRATION_URL,
    logLevel: parsed.LOG_LEVEL,
    auth: {
      issuer: parsed.JWT_ISSUER,
      audience: parsed.JWT_AUDIENCE,
      jwksUrl: parsed.JWT_JWKS_URL,
      publicKeyFile: parsed.JWT_PUBLIC_KEY_FILE,
    },
    ui,
    messaging: {
      agency,
      brokers: parsed.KAFKA_BROKERS.split(','),
      topicPrefix: parsed.KAFKA_TOPIC_PREFIX ?? '',
      ssl: parsed.KAFKA_SSL === 'true',
      sasl: scram(parsed.KAFKA_SASL_MECHANISM, parsed.KAFKA_SASL_USERNAME, parsed.KAFKA_SASL_PASSWORD),
      clientId: `casenet-${agency}`,
      groupId: `${parsed.KAFKA_TOPIC_PREFIX ?? ''}${inboxConsumerGroup(agency)}`,
      sessionTimeoutMs: parsed.KAFKA_SESSION_TIMEOUT_MS,
      heartbeatIntervalMs: parsed.KAFKA_HEARTBEAT_INTERVAL_MS,
      maxWaitTimeMs: parsed.KAFKA_MAX_WAIT_MS,
      outboxPollIntervalMs: parsed.OUTBOX_POLL_INTERVAL_MS,
      outboxBatchSize: parsed.OUTBOX_BATCH_SIZE,
      inboxMaxAttempts: parsed.INBOX_MAX_ATTEMPTS,
      inboxRetryBaseMs: 100,
      inboxConcurrency: parsed.INBOX_CONCURRENCY,
      inboxBatchMax: parsed.INBOX_BATCH_MAX,
    },
    policy,
    signing: { key: signingKey, trust },
    subjectKeySecret: requirements.subjectKeys ? parsed.SUBJECT_KEY_SECRET : undefined,
    pseudonymSecrets,
    keyVault:
      requirements.personalData && parsed.KEY_VAULT_URL && parsed.MASTER_KEY && parsed.KEK_DIR
        ? {
            url: parsed.KEY_VAULT_URL,
            masterKey: parsed.MASTER_KEY,
            kekDir: parsed.KEK_DIR,
            cache: parsed.KEY_CACHE_MAX_AGE_MS > 0 ? { maxAgeMs: parsed.KEY_CACHE_MAX_AGE_MS, maxEntries: parsed.KEY_CACHE_MAX_ENTRIES } : undefined,
          }
        : undefined,
    clockOffsetFile: parsed.CLOCK_OFFSET_FILE,
    load,
  };
}

function pickDefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== ''));
}

function scram(mechanism: string | undefined, username = '', password = ''): SASLOptions | undefined {
  if (mechanism === 'scram-sha-256') return { mechanism, username, password };
  if (mechanism === 'scram-sha-512') return { mechanism, username, password };
  return undefined;
}

/**
 * The pseudonymisation secrets the service needs, refusing missing ones and any two that are equal:
 * a shared secret would let two agencies compute each other's pseudonyms (ADR 0019).
 */
function requiredPseudonymSecrets(agency: Agency, parsed: ServiceEnvironment, requirements: ServiceRequirements, problems: string[]): PseudonymSecrets {
  const secrets: PseudonymSecrets = {};
  if (requirements.subjectKeys && parsed.SUBJECT_KEY_SECRET) secrets.coordinator = parsed.SUBJECT_KEY_SECRET;
  const given: Record<PseudonymousRecipient, string | undefined> = {
    police: parsed.POLICE_SUBJECT_KEY_SECRET,
    health: parsed.HEALTH_SUBJECT_KEY_SECRET,
    court: parsed.COURT_SUBJECT_KEY_SECRET,
  };
  for (const recipient of requirements.recipientPseudonyms ?? []) {
    const secret = given[recipient];
    if (secret) secrets[recipient] = secret;
    else problems.push(`${pseudonymSecretVariable(recipient)} is required: the ${agency} service derives the pseudonyms ${recipient} knows children by`);
  }
  const values = Object.values(secrets);
  if (new Set(values).size !== values.length) {
    problems.push(
      `${Object.keys(secrets)
        .map((space) => pseudonymSecretVariable(space as PseudonymSpace))
        .join(', ')} must all differ: one secret per pseudonym space`,
    );
  }
  return secrets;
}

/**
 * The dev login mints tokens with the dev issuer's private key: it exists only beside the dev
 * issuer (a public key file, no JWKS) and is refused outright in production.
 */
function uiSettings(parsed: ServiceEnvironment, env: NodeJS.ProcessEnv, problems: string[]): UiSettings {
  const ui: UiSettings = {};
  if (parsed.UI_DIR) {
    if (existsSync(`${parsed.UI_DIR}/index.html`)) ui.dir = parsed.UI_DIR;
    else problems.push(`UI_DIR has no index.html (build the UIs first): ${parsed.UI_DIR}`);
  }
  if (parsed.DEV_LOGIN_PRIVATE_KEY_FILE) {
    if (env.NODE_ENV === 'production') problems.push('DEV_LOGIN_PRIVATE_KEY_FILE mints tokens for anyone; it is refused when NODE_ENV=production');
    else if (parsed.JWT_JWKS_URL)
      problems.push('DEV_LOGIN_PRIVATE_KEY_FILE is for the dev issuer only; it is refused beside JWT_JWKS_URL (a real OIDC provider)');
    else if (!existsSync(parsed.DEV_LOGIN_PRIVATE_KEY_FILE))
      problems.push(`DEV_LOGIN_PRIVATE_KEY_FILE points to a missing file: ${parsed.DEV_LOGIN_PRIVATE_KEY_FILE}`);
    else ui.devLogin = { privateKeyFile: parsed.DEV_LOGIN_PRIVATE_KEY_FILE };
  }
  if (Boolean(parsed.OIDC_AUTHORITY) !== Boolean(parsed.OIDC_CLIENT_ID))
    problems.push('OIDC_AUTHORITY and OIDC_CLIENT_ID go together: the UI signs in with both');
  else if (parsed.OIDC_AUTHORITY && parsed.OIDC_CLIENT_ID) ui.oidc = { authority: parsed.OIDC_AUTHORITY, clientId: parsed.OIDC_CLIENT_ID };
  return ui;
}
