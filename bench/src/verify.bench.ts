import { contentHash, GENESIS, SigningKey } from '@casenet/audit-log';
import { newCaseref } from '@casenet/contracts';
import {
  devSigningKeyFile,
  devSigningKeyId,
  dropServiceDatabases,
  ensureDevSigningKeys,
  freePorts,
  provisionDatabase,
  REPO_ROOT,
  resolveKafka,
  resolvePostgres,
} from '@casenet/testing';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Kafka, logLevel } from 'kafkajs';
import pg from 'pg';
import { ed25519Ceiling } from './baselines.js';

/**
 * `npm run bench:verify`: how fast auditors verify the signed, chained log, next to how fast
 * raw kafkajs merely reads the same topics, in the same run on the same broker. Prints a table
 * and writes bench/results/verify-<time>.json. Not part of CI.
 */
const EVENTS = Number(process.env.BENCH_EVENTS ?? '200000');
const CEILING_PER_WORKER = 20_000;
const PRODUCERS = ['schools', 'municipality', 'police'] as const;
const TOPICS = ['municipality.inbox.v1', 'schools.inbox.v1', 'police.inbox.v1'];
const namespace = `bench_${process.pid}`;

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
/** CPU time of this process's waited-for children (user + system), from /proc: what spawnSync's child used. */
const childrenCpuMs = () => {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime, cstime in clock ticks (USER_HZ 100)
};
/** The ceiling and the CPU it took per verification (its worker threads are this process's). */
const ceiling = async () => {
  const cpu = process.cpuUsage();
  const result = await ed25519Ceiling(CEILING_PER_WORKER);
  const used = process.cpuUsage(cpu);
  const verifications = result.ed25519Workers * CEILING_PER_WORKER;
  return { ...result, cpuMicrosPerVerify: (used.user + used.system) / verifications };
};
const log = (line: string) => process.stderr.write(`${line}\n`);

const postgres = await resolvePostgres();
const kafka = await resolveKafka({ partitions: 4 });
await kafka.prepare('');
const { trustListFile } = ensureDevSigningKeys();
const audit = await provisionDatabase(postgres.adminUrl, namespace, 'audit');
const results: Record<string, number | string> = { events: EVENTS, broker: kafka.source };
try {
  // 1. Realistic signed events: an envelope, clear references, a sealed personal part of ~400 bytes.
  log(`signing ${EVENTS} events…`);
  const keys = Object.fromEntries(PRODUCERS.map((p) => [p, SigningKey.fromPemFile(devSigningKeyId(p), devSigningKeyFile(p))]));
  const heads = Object.fromEntries(PRODUCERS.map((p) => [p, { seq: 0, hash: GENESIS }]));
  const byTopic = new Map<string, { key: string; value: string }[]>(TOPICS.map((t) => [t, []]));
  for (let i = 0; i < EVENTS; i += 1) {
    const producer = PRODUCERS[i % PRODUCERS.length] as (typeof PRODUCERS)[number];
    const head = heads[producer] as { seq: number; hash: string };
    const caseref = newCaseref();
    const event = (keys[producer] as SigningKey).seal(
      {
        id: randomUUID(),
        source: `urn:casenet:${producer}`,
        type: 'bench.event.recorded.v1',
        specversion: '1.0',
        time: new Date().toISOString(),
        subject: `sk1_${randomBytes(32).toString('base64url')}`,
        datacontenttype: 'application/json',
        caseref,
        correlationid: randomUUID(),
        purpose: 'school-dropout-screening',
        legalbasis: 'GDPR art. 6(1)(e)',
        datacategories: ['case', 'identity'],
        data: { reportId: randomUUID(), status: 'received' },
        sealed: `sealed:v1:1:${randomBytes(300).toString('base64')}`,
      },
      head.seq + 1,
      head.hash,
    );
    heads[producer] = { seq: head.seq + 1, hash: contentHash(event) };
    byTopic.get(TOPICS[i % TOPICS.length] as string)?.push({ key: caseref, value: JSON.stringify(event) });
  }
  const client = new Kafka({ clientId: 'casenet-bench', ...kafka.clientConfig, logLevel: logLevel.NOTHING });
  const producer = client.producer();
  await producer.connect();
  let start = process.hrtime.bigint();
  for (const [topic, messages] of byTopic) {
    for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, acks: -1, messages: messages.slice(i, i + 1000) });
  }
  await producer.disconnect();
  results.produceEventsPerSecond = Math.round(EVENTS / seconds(start));

  // 2. Raw kafkajs consumption of the same topics: the floor any reader pays.
  log('raw kafkajs consumption…');
  start = process.hrtime.bigint();
  const consumer = client.consumer({ groupId: `bench-raw-${randomUUID()}`, sessionTimeout: 6_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
  let consumed = 0;
  let firstMessageAt: bigint | undefined;
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        firstMessageAt ??= process.hrtime.bigint();
        consumed += batch.messages.length;
        if (consumed >= EVENTS) resolve();
      },
    });
  });
  await consumer.disconnect();
  // The group join (seconds on the test broker) is not reading: time from the first message.
  results.rawConsumeEventsPerSecond = Math.round(EVENTS / seconds(firstMessageAt as bigint));

  // 3. The archiver (apps/audit) copies the topics into the archive with checkpoints every 1,000.
  log('archiving…');
  const [port] = await freePorts(1);
  const env = {
    ...process.env,
    AUDIT_DATABASE_URL: audit.url,
    AUDIT_DATABASE_MIGRATION_URL: audit.migrationUrl,
    ...kafka.clientEnv('casenet-audit'),
    TRUST_LIST_FILE: trustListFile,
    AUDIT_SIGNING_KEY_FILE: devSigningKeyFile('audit'),
    AUDIT_SIGNING_KEY_ID: devSigningKeyId('audit'),
    AUDIT_CHECKPOINT_EVERY: '1000',
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    PORT: String(port),
    HOST: '127.0.0.1',
  };
  const archiver = spawn(process.execPath, [`${REPO_ROOT}apps/audit/dist/main.js`], { env, stdio: 'ignore' });
  const pool = new pg.Pool({ connectionString: audit.url });
  start = process.hrtime.bigint();
  for (;;) {
    const rows = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM archive').catch(() => ({ rows: [{ n: 0 }] }));
    if ((rows.rows[0]?.n ?? 0) >= EVENTS) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  results.archiveEventsPerSecond = Math.round(EVENTS / seconds(start));
  archiver.kill('SIGTERM');
  await pool.end();

  // 4. Verification, as auditors run it.
  const verify = (label: string, args: string[]) => {
    log(`verify ${label}…`);
    const began = process.hrtime.bigint();
    const cpuBefore = childrenCpuMs();
    const run = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, 'verify', '--json', ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    const elapsed = seconds(began);
    const cpuMs = childrenCpuMs() - cpuBefore;
    const report = JSON.parse(run.stdout.toString()) as { intact: boolean; checked: number };
    if (!report.intact || report.checked !== EVENTS) throw new Error(`verify ${label} did not verify the run: ${run.stdout.toString().slice(0, 300)}`);
    return { perSecond: Math.round(report.checked / elapsed), cpuMicrosPerEvent: Number(((cpuMs * 1000) / report.checked).toFixed(1)) };
  };
  results.verifyArchiveEventsPerSecond = verify('archive (checkpoints)', []).perSecond;
  // The most any verifier could do on these cores: raw Ed25519 on every core (issue 16's target is
  // half of it). Measured just before and just after the topic verification, whose rate is set
  // against their mean: on a shared machine either alone can be far from what the verification met.
  const ceilingBefore = await ceiling();
  const topics = verify('topics (every signature)', ['--source', 'topics']);
  const ceilingAfter = await ceiling();
  results.verifyTopicsEventsPerSecond = topics.perSecond;
  results.verifyTopicsCpuMicrosPerEvent = topics.cpuMicrosPerEvent;
  results.ratioArchiveVerifyToRawConsume = Number((results.verifyArchiveEventsPerSecond / results.rawConsumeEventsPerSecond).toFixed(3));
  results.ratioTopicVerifyToRawConsume = Number((results.verifyTopicsEventsPerSecond / results.rawConsumeEventsPerSecond).toFixed(3));
  results.ed25519VerifyPerSecondBefore = ceilingBefore.ed25519VerifyPerSecond;
  results.ed25519VerifyPerSecondAfter = ceilingAfter.ed25519VerifyPerSecond;
  results.ed25519VerifyPerSecond = Math.round((ceilingBefore.ed25519VerifyPerSecond + ceilingAfter.ed25519VerifyPerSecond) / 2);
  results.ed25519Workers = ceilingAfter.ed25519Workers;
  results.ed25519CpuMicrosPerVerify = Number(((ceilingBefore.cpuMicrosPerVerify + ceilingAfter.cpuMicrosPerVerify) / 2).toFixed(1));
  results.ratioTopicVerifyToEd25519Ceiling = Number((results.verifyTopicsEventsPerSecond / results.ed25519VerifyPerSecond).toFixed(3));
  // CPU time, unlike wall time, barely moves with the neighbours' load: the share of the
  // verification's CPU that is the Ed25519 work itself. Times the cores, it is the ratio above on
  // an idle machine with perfect spreading.
  results.ratioEd25519CpuToTopicVerifyCpu = Number((results.ed25519CpuMicrosPerVerify / topics.cpuMicrosPerEvent).toFixed(3));
} finally {
  await kafka.stop();
  if (process.env.BENCH_KEEP_DB === '1') log(`kept the archive: ${audit.url}`);
  else await dropServiceDatabases(postgres.adminUrl, namespace);
  await postgres.stop();
}

const rows: [string, string][] = [
  ['events', String(results.events)],
  ['broker', String(results.broker)],
  ['produce (events/s)', String(results.produceEventsPerSecond)],
  ['raw kafkajs consume (events/s)', String(results.rawConsumeEventsPerSecond)],
  ['archive into Postgres (events/s)', String(results.archiveEventsPerSecond)],
  ['verify from archive, checkpoints (events/s)', String(results.verifyArchiveEventsPerSecond)],
  ['verify from topics, every signature (events/s)', String(results.verifyTopicsEventsPerSecond)],
  ['archive verify / raw consume', String(results.ratioArchiveVerifyToRawConsume)],
  ['topic verify / raw consume', String(results.ratioTopicVerifyToRawConsume)],
  [
    'Ed25519 ceiling, raw crypto on every core (verifications/s)',
    `${results.ed25519VerifyPerSecond} (${results.ed25519VerifyPerSecondBefore} before, ${results.ed25519VerifyPerSecondAfter} after topic verify)`,
  ],
  ['topic verify / Ed25519 ceiling (target ≥ 0.5)', String(results.ratioTopicVerifyToEd25519Ceiling)],
  ['CPU µs per event, topic verify (all threads)', String(results.verifyTopicsCpuMicrosPerEvent)],
  ['CPU µs per Ed25519 verification, ceiling', String(results.ed25519CpuMicrosPerVerify)],
  ['Ed25519 CPU / topic verify CPU', String(results.ratioEd25519CpuToTopicVerifyCpu)],
];
const width = Math.max(...rows.map(([k]) => k.length));
process.stdout.write(`${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
mkdirSync(`${REPO_ROOT}bench/results`, { recursive: true });
const file = `${REPO_ROOT}bench/results/verify-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, `${JSON.stringify({ ...results, at: new Date().toISOString(), node: process.version }, null, 2)}\n`);
process.stdout.write(`written ${file}\n`);
