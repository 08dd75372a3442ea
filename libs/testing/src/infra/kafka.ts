import { ALL_TOPICS } from '@casenet/contracts';
import { dockerAvailable } from './docker.js';
import { MockBroker } from './mock-broker.js';
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
  if (!options.forceMock && (await dockerAvailable())) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    const brokers = [`${container.getHost()}:${container.getMappedPort(9093)}`];
    return { brokers, source: 'testcontainers', nodeOptions: '', stop: async () => void (await container.stop()) };
  }
  const mock = await MockBroker.start(3, ALL_TOPICS, options.partitions ?? 4);
  return {
    brokers: mock.brokers,
    source: 'mock cluster',
    mock,
    nodeOptions: `--require ${CONTROLLER_SHIM}`,
    stop: () => mock.stop(),
  };
}
