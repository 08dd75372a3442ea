import type { INestApplication } from '@nestjs/common';
import { ensureDevKeys } from '@casenet/auth';
import { type Agency, inboxTopic } from '@casenet/contracts';
import { createServiceApp, loadService, type ServiceEntry } from '@casenet/service-runtime';
import pg from 'pg';
import { AgencyClient } from './agency-client.js';
import { TestKeyVault } from './sealed-events.js';
import { type KafkaCluster, resolveKafka } from './infra/kafka.js';
import { DEV_KEK_DIR, DEV_KEYS } from './infra/paths.js';
import { dropServiceDatabases, provisionKeyVault, provisionServiceDatabases, type PostgresServer, resolvePostgres } from './infra/postgres.js';
import { FAST_KAFKA_ENV } from './infra/system.js';
import {
  DEV_PSEUDONYM_SECRET_ENV,
  DEV_SUBJECT_KEY_SECRET,
  devMasterKey,
  devSigningKeyFile,
  devSigningKeyId,
  ensureDevSigningKeys,
} from './infra/dev-secrets.js';

/**
 * One agency service inside the test process (for integration specs): its real module, its own
 * database on real PostgreSQL, a real Kafka-protocol broker. Other agencies are played by the
 * test through raw topics.
 */
export class InProcessService {
  private constructor(
    readonly agency: Agency,
    readonly app: INestApplication,
    readonly baseUrl: string,
    readonly databaseUrl: string,
    readonly kafka: KafkaCluster,
    readonly keyVault: TestKeyVault,
    private readonly postgres: PostgresServer,
    private readonly namespace: string,
  ) {}

  static async start<S>(entry: ServiceEntry<S>, namespace: string, env: NodeJS.ProcessEnv = {}): Promise<InProcessService> {
    await ensureDevKeys(DEV_KEYS);
    const postgres = await resolvePostgres();
    const kafka = await resolveKafka();
    await kafka.prepare(kafka.shared ? `${namespace}.` : '');
    const databases = await provisionServiceDatabases(postgres.adminUrl, namespace, [entry.agency]);
    const keyVaultUrl = await provisionKeyVault(postgres.adminUrl, namespace);
    const { config, settings } = loadService(
      entry,
      {
        ...FAST_KAFKA_ENV,
        DATABASE_URL: databases[entry.agency].url,
        DATABASE_MIGRATION_URL: databases[entry.agency].migrationUrl,
        ...kafka.clientEnv(`casenet-${entry.agency}`),
        JWT_PUBLIC_KEY_FILE: DEV_KEYS.publicKeyPath,
        HOST: '127.0.0.1',
        SUBJECT_KEY_SECRET: DEV_SUBJECT_KEY_SECRET,
        ...DEV_PSEUDONYM_SECRET_ENV,
        KEY_VAULT_URL: keyVaultUrl,
        MASTER_KEY: devMasterKey(),
        KEK_DIR: DEV_KEK_DIR,
        SIGNING_KEY_FILE: devSigningKeyFile(entry.agency),
        SIGNING_KEY_ID: devSigningKeyId(entry.agency),
        TRUST_LIST_FILE: ensureDevSigningKeys().trustListFile,
        LOG_LEVEL: 'fatal', // the test asserts what matters; service logs would only clutter its output
        ...(kafka.shared ? { KAFKA_TOPIC_PREFIX: `${namespace}.` } : {}),
        ...env,
      },
      0,
    );
    const app = await createServiceApp(entry, config, settings);
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
    const url = await app.getUrl();
    const vault = new TestKeyVault(keyVaultUrl);
    return new InProcessService(entry.agency, app, url.replace('[::1]', '127.0.0.1'), databases[entry.agency].url, kafka, vault, postgres, namespace);
  }

  get topicPrefix(): string {
    return this.kafka.shared ? `${this.namespace}.` : '';
  }

  /** Physical name of an agency's inbox on this broker. */
  inbox(agency: Agency): string {
    return `${this.topicPrefix}${inboxTopic(agency)}`;
  }

  client(roles?: string[], schoolCodes?: readonly string[]): AgencyClient {
    return new AgencyClient(this.agency, this.baseUrl, roles, schoolCodes);
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.app.close();
    await this.keyVault.close();
    await this.kafka.stop();
    await dropServiceDatabases(this.postgres.adminUrl, this.namespace);
    await this.postgres.stop();
  }
}
