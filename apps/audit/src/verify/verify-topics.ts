import type { VerificationReport, VerifierOptions } from '@casenet/audit-log';
import { AUDIT_GROUP_PREFIX } from '@casenet/contracts';
import { ParallelVerifier } from './parallel-verifier.js';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { progress } from '../progress.js';

export interface TopicSource {
  brokers: string[];
  topics: string[];
  /** The environment's prefix (KAFKA_TOPIC_PREFIX): the auditors' groups live under it like their topics. */
  groupPrefix?: string;
  sasl?: SASLOptions;
  ssl?: boolean;
}

/** Reads the topics from the beginning up to their current end and verifies them in partition order. */
export async function verifyTopics(source: TopicSource, trustListFile: string, options: VerifierOptions = {}): Promise<VerificationReport> {
  const kafka = new Kafka({ clientId: 'casenet-audit-verify', brokers: source.brokers, sasl: source.sasl, ssl: source.ssl, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  let total = 0;
  try {
    // All topics at once, not one after another: a short log's verification is mostly such waits.
    const offsets = await Promise.all(source.topics.map(async (topic) => ({ topic, partitions: await admin.fetchTopicOffsets(topic) })));
    for (const { topic, partitions } of offsets) {
      for (const p of partitions) {
        const count = BigInt(p.high) - BigInt(p.low);
        if (count > 0n) {
          remaining.set(`${topic}|${p.partition}`, BigInt(p.high));
          total += Number(count);
        }
      }
    }
  } finally {
    await admin.disconnect();
  }
  const verifier = new ParallelVerifier(trustListFile, undefined, options);
  if (remaining.size === 0) return verifier.finish();
  const bar = progress('verify', total);
  const consumer = kafka.consumer({
    groupId: `${source.groupPrefix ?? ''}${AUDIT_GROUP_PREFIX}verify-${randomUUID()}`,
    sessionTimeout: 6_000,
    heartbeatInterval: 500,
    maxWaitTimeInMs: 200,
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: source.topics.filter((t) => [...remaining.keys()].some((k) => k.startsWith(`${t}|`))), fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachBatch: async ({ batch, heartbeat }) => {
            const key = `${batch.topic}|${batch.partition}`;
            const high = remaining.get(key);
            for (const m of batch.messages) {
              if (high === undefined || BigInt(m.offset) >= high) break;
              bar.tick();
              if (!batch.topic.endsWith('.dead-letter')) {
                verifier.add({
                  locator: `topic ${batch.topic}[${batch.partition}]@${m.offset}`,
                  stream: `${batch.topic}[${batch.partition}]`,
                  bytes: m.value ?? Buffer.alloc(0),
                  seenAt: Number(m.timestamp),
                });
              }
              if (BigInt(m.offset) + 1n >= high) remaining.delete(key);
            }
            if (remaining.size === 0) return resolve();
            // Reading is faster than verifying: wait here rather than queue the whole log in memory.
            await verifier.drained().then(heartbeat, reject);
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
    bar.stop();
  }
  return verifier.finish();
}
