import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { randomUUID } from 'node:crypto';

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

/** Reads topics from the beginning under a throwaway group, the way an auditor would. */
export class TopicReader {
  readonly messages: CapturedMessage[] = [];
  private readonly consumer;

  constructor(brokers: string[]) {
    this.consumer = new Kafka({ clientId: 'casenet-test-reader', brokers, logLevel: logLevel.NOTHING }).consumer({
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

/** A plain producer for tests that inject raw bytes (no idempotence: needs no controller). */
export async function produceRaw(brokers: string[], topic: string, messages: { key: string; value: string | Buffer; partition?: number }[]): Promise<void> {
  const producer = new Kafka({ clientId: 'casenet-test-producer', brokers, logLevel: logLevel.NOTHING }).producer({ allowAutoTopicCreation: true });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}
