import type { KafkaCluster } from '@casenet/testing';
import { createTopicsAndWait } from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { cpus } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';

/**
 * What the same machine does without casenet, measured in the same run as the benchmark so
 * that ratios survive a noisy machine: pgbench on the same PostgreSQL, raw kafkajs on the same
 * broker, and Ed25519 verification on every core.
 */
export function pgbench(adminUrl: string, seconds = 15): number {
  const database = `bench_pgbench_${process.pid}`;
  const url = new URL(adminUrl);
  const admin = (sql: string) => spawnSync('psql', [adminUrl, '-qc', sql], { encoding: 'utf8' });
  admin(`CREATE DATABASE ${database}`);
  url.pathname = `/${database}`;
  try {
    spawnSync('pgbench', ['-i', '-q', '-s', '2', url.toString()], { encoding: 'utf8' });
    // TPC-B-like writes, 4 clients on 2 threads: each transaction several statements and a commit, like a report's.
    const run = spawnSync('pgbench', ['-c', '4', '-j', '2', '-T', String(seconds), '-N', url.toString()], { encoding: 'utf8' });
    return Math.round(Number(/tps = ([0-9.]+)/.exec(run.stdout)?.[1] ?? NaN));
  } finally {
    admin(`DROP DATABASE IF EXISTS ${database}`);
  }
}

export async function rawKafka(
  config: KafkaCluster['clientConfig'],
  topicPrefix: string,
): Promise<{ rawProducePerSecond: number; rawConsumePerSecond: number }> {
  const messages = 8_000;
  const topic = `${topicPrefix}bench.raw.${process.pid}`;
  const client = new Kafka({ clientId: 'bench-raw', ...config, logLevel: logLevel.NOTHING });
  const admin = client.admin();
  await admin.connect();
  await createTopicsAndWait(admin, [{ topic, numPartitions: 4 }]);
  await admin.disconnect();
  const producer = client.producer();
  await producer.connect();
  const value = 'x'.repeat(1500); // about one signed, sealed report envelope
  let start = Date.now();
  for (let i = 0; i < messages; i += 500) {
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 500 }, () => ({ key: randomUUID(), value })) });
  }
  const rawProducePerSecond = Math.round(messages / ((Date.now() - start) / 1000));
  await producer.disconnect();
  const consumer = client.consumer({ groupId: `bench-raw-${randomUUID()}`, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let consumed = 0;
  start = 0;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        if (start === 0) start = Date.now();
        consumed += batch.messages.length;
        if (consumed >= messages) resolve();
      },
    });
  });
  const rawConsumePerSecond = Math.round(messages / ((Date.now() - start) / 1000));
  await consumer.disconnect();
  return { rawProducePerSecond, rawConsumePerSecond };
}

/**
 * The Ed25519 verification ceiling: signatures over ~1.5 kB messages (an event's canonical
 * bytes) verified with raw node:crypto on one worker thread per core, as fast as they go.
 * Audit verification cannot beat it; the target is half of it.
 */
export async function ed25519Ceiling(perWorker = 20_000): Promise<{ ed25519VerifyPerSecond: number; ed25519Workers: number }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const messages = Array.from({ length: 256 }, (_, i) => Buffer.from(`${i}:${'x'.repeat(1500)}`));
  const signatures = messages.map((m) => sign(null, m, privateKey));
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const workers = cpus().length;
  const source = `
    const { parentPort, workerData } = require('node:worker_threads');
    const { createPublicKey, verify } = require('node:crypto');
    const key = createPublicKey(workerData.pem);
    const messages = workerData.messages.map((m) => Buffer.from(m));
    const signatures = workerData.signatures.map((s) => Buffer.from(s));
    let ok = 0;
    for (let i = 0; i < workerData.n; i += 1) if (verify(null, messages[i % messages.length], key, signatures[i % signatures.length])) ok += 1;
    parentPort.postMessage(ok);`;
  const started = performance.now();
  const verified = await Promise.all(
    Array.from(
      { length: workers },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(source, { eval: true, workerData: { pem, messages, signatures, n: perWorker } });
          worker.once('message', (ok: number) => resolve(ok));
          worker.once('error', reject);
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const total = verified.reduce((a, b) => a + b, 0);
  if (total !== workers * perWorker) throw new Error('the Ed25519 ceiling run failed to verify its own signatures');
  return { ed25519VerifyPerSecond: Math.round(total / seconds), ed25519Workers: workers };
}
