import { AGENCIES, type Agency } from '@casenet/contracts';
import { createTopicsAndWait, devToken, FIXTURE_SCHOOL_CODES, freeSystemPorts, type KafkaCluster, reportFixture, Rng, RunningSystem } from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Kafka, logLevel } from 'kafkajs';

/**
 * `npm run bench:pipeline`: school reports at a target rate for a while, carried through the
 * whole system on this machine (schools → municipality, and the status back to the school), next
 * to pgbench on the same PostgreSQL and raw kafkajs on the same broker, measured in the same run.
 * Prints a table and writes bench/results/pipeline-<time>.json. Not part of CI.
 */
const RATE = Number(process.env.BENCH_RATE ?? '300');
const SECONDS = Number(process.env.BENCH_SECONDS ?? '60');
const log = (line: string) => process.stderr.write(`${line}\n`);
const pct = (values: number[], p: number) => {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
};

const system = await RunningSystem.start({
  namespace: `bench_pipe_${process.pid}`,
  ports: await freeSystemPorts(),
  dropDatabasesOnStop: true,
  env: {
    LOG_LEVEL: 'warn',
    ...(process.env.BENCH_PROFILE ? { SERVICE_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${process.cwd()}/.dev/profiles` } : {}),
  },
});
const results: Record<string, unknown> = { targetRate: RATE, seconds: SECONDS, broker: system.kafka.source, cores: (await import('node:os')).cpus().length };
try {
  // 1. Baselines on the same PostgreSQL and broker, same run.
  results.pgbenchTps = pgbench(system.postgres.adminUrl);
  log(`pgbench: ${results.pgbenchTps} tps`);
  Object.assign(results, await rawKafka(system.kafka.clientConfig, system.topicPrefix));
  log(`raw kafkajs: ${results.rawProducePerSecond} produced/s, ${results.rawConsumePerSecond} consumed/s`);

  // 2. The pipeline: POST /reports at RATE for SECONDS, sampling memory, loop delay and outbox lag.
  // Each school's own system files its reports, with a token bound to that school.
  const tokens = new Map(
    await Promise.all(FIXTURE_SCHOOL_CODES.map(async (code) => [code, await devToken('schools', ['integration'], { schoolCodes: [code] })] as const)),
  );
  const rng = new Rng(1);
  const samples = Object.fromEntries(AGENCIES.map((a) => [a, { rssMb: [], loopP99Ms: [], outboxLagS: [] }])) as unknown as Samples;
  const sampler = setInterval(() => void sample(system, samples), 1_000);
  const benchLoop = monitorEventLoopDelay({ resolution: 10 });
  benchLoop.enable();
  const accepted: { id: string; at: number }[] = [];
  let refused = 0;
  const inFlight = new Set<Promise<void>>();
  const start = Date.now();
  for (let i = 0; i < RATE * SECONDS; i += 1) {
    const due = start + (i * 1000) / RATE;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const fixture = reportFixture(rng, rng.next() < 0.15 ? { concerns: ['bullying'] } : {});
    const body = JSON.stringify(fixture);
    const request = fetch(`${system.services.schools.baseUrl}/reports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(fixture.school.code) ?? ''}`, 'content-type': 'application/json' },
      body,
    })
      .then(async (response) => {
        const answer = (await response.json()) as { id?: string };
        if (response.status === 201 && answer.id) accepted.push({ id: answer.id, at: Date.now() });
        else refused += 1;
      })
      .catch(() => {
        refused += 1;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  const offeredSeconds = (Date.now() - start) / 1000;
  log(`offered ${RATE * SECONDS} reports in ${offeredSeconds.toFixed(1)} s; accepted ${accepted.length}, refused ${refused}`);

  // 3. Drain, then measure each leg from the databases' own commit-side timestamps.
  const drainStart = Date.now();
  while (Date.now() - drainStart < 120_000) {
    const landed = await system.count('schools', `SELECT count(DISTINCT caseref)::int AS n FROM inbox`);
    if (landed >= accepted.length) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  clearInterval(sampler);
  benchLoop.disable();
  const filed = new Map(
    (await system.query<{ id: string; caseref: string; filed_at: Date }>('schools', 'SELECT id, caseref, filed_at FROM reports')).map((r) => [r.caseref, r]),
  );
  const atMunicipality = await system.query<{ report_caseref: string; received_at: Date }>(
    'municipality',
    'SELECT report_caseref, received_at FROM case_reports',
  );
  const backAtSchool = await system.query<{ caseref: string; processed_at: Date }>(
    'schools',
    'SELECT caseref, min(processed_at) AS processed_at FROM inbox GROUP BY caseref',
  );
  const leg = (rows: { key: string; at: Date }[]) =>
    rows.flatMap((r) => {
      const report = filed.get(r.key);
      return report ? [new Date(r.at).getTime() - new Date(report.filed_at).getTime()] : [];
    });
  const toMunicipality = leg(atMunicipality.map((r) => ({ key: r.report_caseref, at: r.received_at })));
  const roundTrip = leg(backAtSchool.map((r) => ({ key: r.caseref, at: r.processed_at })));
  const firstFiled = Math.min(...[...filed.values()].map((r) => new Date(r.filed_at).getTime()));
  const lastBack = Math.max(...backAtSchool.map((r) => new Date(r.processed_at).getTime()));
  Object.assign(results, {
    accepted: accepted.length,
    refused,
    carriedToMunicipality: toMunicipality.length,
    backAtSchool: roundTrip.length,
    sustainedReportsPerSecond: Math.round((roundTrip.length / ((lastBack - firstFiled) / 1000)) * 10) / 10,
    latencyToMunicipalityMs: { p50: pct(toMunicipality, 50), p95: pct(toMunicipality, 95), p99: pct(toMunicipality, 99) },
    latencyRoundTripMs: { p50: pct(roundTrip, 50), p95: pct(roundTrip, 95), p99: pct(roundTrip, 99) },
    services: Object.fromEntries(
      AGENCIES.map((a) => [
        a,
        { maxRssMb: Math.max(...samples[a].rssMb), maxLoopDelayP99Ms: Math.max(...samples[a].loopP99Ms), maxOutboxLagS: Math.max(...samples[a].outboxLagS) },
      ]),
    ),
    benchLoopDelayP99Ms: Math.round(benchLoop.percentile(99) / 1e6),
  });
  const sustained = results.sustainedReportsPerSecond as number;
  results.ratioToPgbenchTps = Math.round((sustained / (results.pgbenchTps as number)) * 1000) / 1000;
  results.ratioToRawKafkaProduce = Math.round((sustained / (results.rawProducePerSecond as number)) * 1000) / 1000;
  print(results);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/pipeline-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${file}`);
} finally {
  await system.stop();
}

type Samples = Record<Agency, { rssMb: number[]; loopP99Ms: number[]; outboxLagS: number[] }>;

async function sample(running: RunningSystem, into: Samples): Promise<void> {
  await Promise.all(
    AGENCIES.map(async (agency) => {
      const headers = { authorization: `Bearer ${await devToken(agency, ['auditor'])}` };
      const text = await fetch(`${running.services[agency].baseUrl}/metrics`, { headers }).then(
        (r) => r.text(),
        () => '',
      );
      const metric = (name: string) => Number(new RegExp(`^${name} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
      into[agency].rssMb.push(Math.round(metric('process_resident_memory_bytes') / 1048576));
      into[agency].loopP99Ms.push(Math.round(metric('nodejs_eventloop_lag_p99_seconds') * 1000));
      into[agency].outboxLagS.push(metric('casenet_outbox_lag_seconds'));
    }),
  );
}

function pgbench(adminUrl: string): number {
  const database = `bench_pgbench_${process.pid}`;
  const url = new URL(adminUrl);
  const admin = (sql: string) => spawnSync('psql', [adminUrl, '-qc', sql], { encoding: 'utf8' });
  admin(`CREATE DATABASE ${database}`);
  url.pathname = `/${database}`;
  try {
    spawnSync('pgbench', ['-i', '-q', '-s', '2', url.toString()], { encoding: 'utf8' });
    // TPC-B-like writes, 4 clients on 2 threads: each transaction several statements and a commit, like a report's.
    const run = spawnSync('pgbench', ['-c', '4', '-j', '2', '-T', '15', '-N', url.toString()], { encoding: 'utf8' });
    return Math.round(Number(/tps = ([0-9.]+)/.exec(run.stdout)?.[1] ?? NaN));
  } finally {
    admin(`DROP DATABASE IF EXISTS ${database}`);
  }
}

async function rawKafka(config: KafkaCluster['clientConfig'], topicPrefix: string): Promise<{ rawProducePerSecond: number; rawConsumePerSecond: number }> {
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

function print(r: Record<string, unknown>): void {
  const lat = (x: unknown) => {
    const l = x as { p50: number; p95: number; p99: number };
    return `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms`;
  };
  const rows: [string, string][] = [
    ['target rate × duration', `${r.targetRate}/s × ${r.seconds} s`],
    ['accepted / refused', `${r.accepted} / ${r.refused}`],
    ['sustained, back at the school', `${r.sustainedReportsPerSecond} reports/s`],
    ['latency filed → municipality', lat(r.latencyToMunicipalityMs)],
    ['latency filed → status at school', lat(r.latencyRoundTripMs)],
    ['pgbench (same PostgreSQL)', `${r.pgbenchTps} tps (pipeline = ${r.ratioToPgbenchTps} ×)`],
    ['raw kafkajs produce / consume', `${r.rawProducePerSecond} / ${r.rawConsumePerSecond} msg/s (pipeline = ${r.ratioToRawKafkaProduce} × produce)`],
  ];
  for (const [agency, s] of Object.entries(r.services as Record<string, { maxRssMb: number; maxLoopDelayP99Ms: number; maxOutboxLagS: number }>)) {
    rows.push([`${agency}: max RSS / loop p99 / outbox lag`, `${s.maxRssMb} MB / ${s.maxLoopDelayP99Ms} ms / ${s.maxOutboxLagS.toFixed(2)} s`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}
