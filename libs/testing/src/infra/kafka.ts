import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { relative } from 'node:path';
import { deriveKafkaSecurity, loadSharingPolicy, SINGLE_NODE } from '@casenet/privacy';
import { type Admin, type ITopicConfig, Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { dockerAvailable } from './docker.js';
import { freePorts } from './free-ports.js';
import { KafkaBroker, type KafkaPrincipal, type ScramCredentials, scram } from './kafka-broker.js';
import { applyBrokerAcls } from './kafka-acls.js';

/**
 * Where the test run's shared broker is described (brokers and credentials), set by jest's
 * globalSetup (tools/jest/kafka.global-setup.mjs) for every test file of the run.
 */
export const SHARED_BROKER_ENV = 'CASENET_TEST_KAFKA';

export interface SharedBrokerFile {
  brokers: string[];
  version: string;
  home: string;
  admin: ScramCredentials;
  principals: Record<KafkaPrincipal, ScramCredentials>;
}

export interface KafkaCluster {
  brokers: string[];
  source: 'KAFKA_BROKERS' | 'testcontainers' | 'Apache Kafka';
  /** One line for people: which broker, how clients authenticate, where its data lives. */
  description: string;
  /** Shared with other runs or test files: topics and groups then carry a per-namespace prefix. */
  shared: boolean;
  /** The harness's own clients (tests reading topics, resetting offsets): the super user where there is one. */
  clientConfig: Pick<KafkaConfig, 'brokers' | 'sasl'>;
  /** The broker process when this process runs it: crash it, hang it, restart it. */
  broker?: KafkaBroker;
  /** A client process's Kafka settings as one principal: KAFKA_BROKERS and KAFKA_SASL_*. */
  clientEnv(principal: KafkaPrincipal): Record<string, string>;
  /** Creates the namespace's topics (explicitly: the broker creates none by itself) and applies its ACLs. */
  prepare(topicPrefix: string): Promise<void>;
  stop(): Promise<void>;
}

export interface ResolveKafkaOptions {
  /** A broker of this process's own, never KAFKA_BROKERS nor the run's shared one: for tests that crash it. */
  ownBroker?: boolean;
  /**
   * Where this process's own broker lives, if it runs one: it survives restarts there (`npm start`:
   * .dev/kafka). Without it, a fresh temp dir removed on stop.
   */
  home?: string;
  /** Partitions per inbox topic. */
  partitions?: number;
}

/**
 * A Kafka broker: KAFKA_BROKERS when set (it always wins), else the test run's shared broker,
 * else Apache Kafka in testcontainers where Docker exists, else a real Apache Kafka broker this
 * process starts from the jars Maven fetched (tools/kafka-broker).
 */
export async function resolveKafka(options: ResolveKafkaOptions = {}): Promise<KafkaCluster> {
  const partitions = options.partitions ?? 4;
  const explicit = process.env.KAFKA_BROKERS;
  if (explicit && !options.ownBroker) return explicitCluster(explicit.split(','), partitions);
  const sharedFile = process.env[SHARED_BROKER_ENV];
  if (sharedFile && !options.ownBroker && !options.home) return sharedCluster(JSON.parse(readFileSync(sharedFile, 'utf8')) as SharedBrokerFile, partitions);
  if (!options.ownBroker && (await dockerAvailable())) return startApacheKafkaContainer(partitions);
  return ownCluster(options.home, partitions);
}

/** Starts a broker this process owns; with no home, in a fresh temp dir removed on stop. */
export async function startOwnBroker(home?: string): Promise<{ broker: KafkaBroker; temporary: boolean }> {
  const dir = home ?? mkdtempSync(`${tmpdir()}/casenet-kafka-`);
  // The harness runs consumers with a 5 s session (FAST_KAFKA_ENV), below Kafka's 6 s floor.
  const broker = await KafkaBroker.start({ home: dir, groupMinSessionTimeoutMs: 1_000 });
  return { broker, temporary: !home };
}

async function ownCluster(home: string | undefined, partitions: number): Promise<KafkaCluster> {
  const { broker, temporary } = await startOwnBroker(home);
  return {
    ...securedCluster(broker.brokers, broker.admin, broker.principals, false, partitions),
    description: `Apache Kafka ${broker.version} (KRaft), SASL/SCRAM on ${broker.brokers.join(',')}, data in ${relative(process.cwd(), broker.dataDir)}`,
    broker,
    stop: async () => {
      await broker.stop();
      if (temporary) rmSync(broker.home, { recursive: true, force: true });
    },
  };
}

function sharedCluster(file: SharedBrokerFile, partitions: number): KafkaCluster {
  return {
    ...securedCluster(file.brokers, file.admin, file.principals, true, partitions),
    description: `Apache Kafka ${file.version} (KRaft), SASL/SCRAM on ${file.brokers.join(',')}, shared by this test run, data in ${file.home}`,
    stop: async () => undefined,
  };
}

function securedCluster(
  brokers: string[],
  admin: ScramCredentials,
  principals: Record<KafkaPrincipal, ScramCredentials>,
  shared: boolean,
  partitions: number,
): Omit<KafkaCluster, 'description' | 'stop'> {
  const clientConfig = { brokers, sasl: scram(admin) };
  return {
    brokers,
    source: 'Apache Kafka',
    shared,
    clientConfig,
    clientEnv: (principal) => ({
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: principals[principal].username,
      KAFKA_SASL_PASSWORD: principals[principal].password,
    }),
    prepare: (topicPrefix) =>
      withAdmin(clientConfig, async (client) => {
        await createTopics(client, topicPrefix, partitions);
        await applyBrokerAcls(client, topicPrefix);
      }),
  };
}

function explicitCluster(brokers: string[], partitions: number): KafkaCluster {
  // The operator's cluster: the harness uses whatever credentials the environment gives it.
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username = '', KAFKA_SASL_PASSWORD: password = '' } = process.env;
  const sasl: SASLOptions | undefined = mechanism === 'scram-sha-512' || mechanism === 'scram-sha-256' ? { mechanism, username, password } : undefined;
  const passThrough = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[0].startsWith('KAFKA_SASL_') && entry[1] !== undefined),
  );
  const clientConfig = { brokers, sasl };
  return {
    brokers,
    source: 'KAFKA_BROKERS',
    description: `the cluster at KAFKA_BROKERS (${brokers.join(',')})`,
    shared: true,
    clientConfig,
    clientEnv: () => ({ KAFKA_BROKERS: brokers.join(','), ...passThrough }),
    prepare: (topicPrefix) => withAdmin(clientConfig, (client) => createTopics(client, topicPrefix, partitions)),
    stop: async () => undefined,
  };
}

/**
 * The namespace's topics as derived from the registry (partitions, retention, cleanup.policy,
 * min.insync.replicas: docs/kafka-acls.md), except that a test may ask for another number of
 * partitions per inbox.
 */
async function createTopics(admin: Admin, topicPrefix: string, partitions: number): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const topics = deriveKafkaSecurity(loadSharingPolicy(), { topicPrefix, profile: SINGLE_NODE })
    .topics.filter((topic) => !existing.has(topic.name))
    .map((topic) => ({
      topic: topic.name,
      numPartitions: topic.kind === 'inbox' ? partitions : topic.partitions,
      replicationFactor: topic.replicationFactor,
      configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
    }));
  await createTopicsAndWait(admin, topics);
}

/**
 * createTopics, then waits until every partition has a leader. Not kafkajs's `waitForLeaders`:
 * it retries only LEADER_NOT_AVAILABLE, while a KRaft broker briefly answers
 * UNKNOWN_TOPIC_OR_PARTITION for a topic its controller has just created (seen on Kafka 4.1).
 */
export async function createTopicsAndWait(admin: Admin, topics: ITopicConfig[], timeoutMs = 30_000): Promise<void> {
  if (topics.length === 0) return;
  await admin.createTopics({ topics, waitForLeaders: false });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.topic) });
      if (found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics without leaders after ${timeoutMs} ms: ${topics.map((t) => t.topic).join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function withAdmin<T>(config: Pick<KafkaConfig, 'brokers' | 'sasl'>, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'casenet-harness', ...config, logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/**
 * Apache Kafka (KRaft, single node) in a container, open (no SASL). The host port is chosen first
 * so the broker can advertise it. Written for machines with Docker; it could not be run where it was written.
 */
async function startApacheKafkaContainer(partitions: number): Promise<KafkaCluster> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const [port] = await freePorts(1);
  const container = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: port as number })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://localhost:${port}`,
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS: '1000',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  const brokers = [`localhost:${port}`];
  const clientConfig = { brokers };
  return {
    brokers,
    source: 'testcontainers',
    description: `Apache Kafka 4.1.1 (KRaft) in a container on ${brokers.join(',')}, no authentication`,
    shared: false,
    clientConfig,
    clientEnv: () => ({ KAFKA_BROKERS: brokers.join(',') }),
    prepare: (topicPrefix) => withAdmin(clientConfig, (client) => createTopics(client, topicPrefix, partitions)),
    stop: async () => void (await container.stop()),
  };
}
