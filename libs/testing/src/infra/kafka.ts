import { ALL_TOPICS } from '@casenet/contracts';
import { dockerAvailable } from './docker.js';
import { MockBroker } from './mock-broker.js';
import { freePorts } from './free-ports.js';
import { CONTROLLER_SHIM } from './paths.js';

export interface KafkaCluster {
  brokers: string[];
  source: 'KAFKA_BROKERS' | 'testcontainers' | 'mock cluster';
  /** Present only for the mock cluster: fault injection. */
  mock?: MockBroker;
  /** `--require` of the controller shim for processes talking to the mock; empty otherwise. */
  nodeOptions: string;
  stop(): Promise<void>;
}

/**
 * A Kafka-protocol broker: KAFKA_BROKERS when set (it always wins), else Apache Kafka in
 * testcontainers where Docker exists, else librdkafka's mock cluster.
 */
export async function resolveKafka(options: { forceMock?: boolean; partitions?: number } = {}): Promise<KafkaCluster> {
  const explicit = process.env.KAFKA_BROKERS;
  if (explicit && !options.forceMock) {
    return { brokers: explicit.split(','), source: 'KAFKA_BROKERS', nodeOptions: '', stop: async () => undefined };
  }
  if (!options.forceMock && (await dockerAvailable())) return startApacheKafkaContainer();
  const mock = await MockBroker.start(3, ALL_TOPICS, options.partitions ?? 4);
  return {
    brokers: mock.brokers,
    source: 'mock cluster',
    mock,
    nodeOptions: `--require ${CONTROLLER_SHIM}`,
    stop: () => mock.stop(),
  };
}

/**
 * Apache Kafka (KRaft, single node) in a container. The host port is chosen first so the broker
 * can advertise it. Written for machines with Docker; it could not be run where it was written.
 */
async function startApacheKafkaContainer(): Promise<KafkaCluster> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const [port] = await freePorts(1);
  const container = await new GenericContainer('apache/kafka:3.9.1')
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
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return { brokers: [`localhost:${port}`], source: 'testcontainers', nodeOptions: '', stop: async () => void (await container.stop()) };
}
