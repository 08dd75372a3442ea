import { Kafka, type KafkaConfig, logLevel, type IHeaders } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { createTopicsAndWait } from './infra/kafka.js';

export interface CapturedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

function headerText(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map(String).join(',') : String(value ?? '')]),
  );
}

/** How the test process reaches the broker: as the harness's super user where the broker has ACLs. */
export type TestKafkaAccess = { clientConfig: Pick<KafkaConfig, 'brokers' | 'sasl'> };

/** Reads topics from the beginning under a throwaway group, the way an auditor would. */
export class TopicReader {
  readonly messages: CapturedMessage[] = [];
  private readonly consumer;

  constructor(kafka: TestKafkaAccess) {
    this.consumer = new Kafka({ clientId: 'casenet-test-reader', ...kafka.clientConfig, logLevel: logLevel.NOTHING }).consumer({
      groupId: `test-reader-${randomUUID()}`,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
    });
  }

  async start(topics: string[]): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value: message.value,
          headers: headerText(message.headers),
        });
      },
    });
  }

  on(topic: string): CapturedMessage[] {
    return this.messages.filter((m) => m.topic === topic);
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

/**
 * A plain producer for tests that inject raw bytes. The broker creates no topic by itself, so a
 * topic the harness did not make (a test's own) is created first, with one partition.
 */
export async function produceRaw(
  kafka: TestKafkaAccess,
  topic: string,
  messages: { key: string; value: string | Buffer; partition?: number }[],
): Promise<void> {
  const client = new Kafka({ clientId: 'casenet-test-producer', ...kafka.clientConfig, logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) await createTopicsAndWait(admin, [{ topic, numPartitions: 1 }]);
  } finally {
    await admin.disconnect();
  }
  const producer = client.producer();
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
