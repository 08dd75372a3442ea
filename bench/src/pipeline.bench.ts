import { AGENCIES, type Agency } from '@casenet/contracts';
import { devToken, freeSystemPorts, Rng, RunningSystem } from '@casenet/testing';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { ed25519Ceiling, pgbench, rawKafka } from './baselines.js';
import { verifyTopics } from './pipeline/audit-verify.js';
import { Caseworkers } from './pipeline/caseworkers.js';
import { drain, percentiles, reconcileReports } from './pipeline/deliveries.js';
import { offerReports } from './pipeline/offered-load.js';
import { printResults, printSoak, soakMinutes } from './pipeline/pipeline.print.js';
import { cpuBetween, cpuSnapshot, databaseWork, ProcessSampler, rssMb, serviceQueryCounts } from './pipeline/process-samples.js';

/**
 * `npm run bench:pipeline [-- --mode rate|overload|soak --rate N --seconds N --capacity N]`:
 * school reports offered at a rate, carried through the whole system on this machine with the
 * caseworkers' actions of a realistic mix, next to pgbench, raw kafkajs and the Ed25519
 * verification ceiling measured in the same run. Prints a table, writes
 * bench/results/pipeline-<mode>-<time>.json. Not part of CI (docs/capacity.md).
 *   rate      the rate (default 300/s) for 60 s;
 *   overload  3 × capacity (default 3 × 300/s): every answer must be 201 or 503 with Retry-After, nothing accepted lost;
 *   soak      half capacity (default 150/s) for 30 minutes: RSS and latency per minute, flat from the fifth.
 */
const { values: args } = parseArgs({
  options: { mode: { type: 'string', default: 'rate' }, rate: { type: 'string' }, seconds: { type: 'string' }, capacity: { type: 'string' } },
});
const mode = args.mode as 'rate' | 'overload' | 'soak';
if (!['rate', 'overload', 'soak'].includes(mode)) throw new Error('--mode must be rate, overload or soak');
const capacity = Number(args.capacity ?? process.env.BENCH_CAPACITY ?? '300');
const rate = Number(args.rate ?? process.env.BENCH_RATE ?? (mode === 'overload' ? 3 * capacity : mode === 'soak' ? capacity / 2 : capacity));
const seconds = Number(args.seconds ?? process.env.BENCH_SECONDS ?? (mode === 'soak' ? 1800 : 60));
const log = (line: string) => process.stderr.write(`${line}\n`);
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

const namespace = `bench_pipe_${process.pid}`;
const system = await RunningSystem.start({
  namespace,
  ports: await freeSystemPorts(),
  dropDatabasesOnStop: true,
  env: {
    LOG_LEVEL: 'warn',
    // The services' production setting (the test harness polls deadlines every 300 ms).
    DEADLINE_POLL_INTERVAL_MS: '5000',
    DATABASE_POOL_MAX: '10',
    ...(process.env.BENCH_PROFILE ? { SERVICE_NODE_ARGS: `--cpu-prof --cpu-prof-dir=${process.cwd()}/.dev/profiles` } : {}),
  },
});
const results: Record<string, unknown> = { mode, targetRate: rate, seconds, capacityAssumed: capacity, broker: system.kafka.source, cores: cpus().length };
try {
  // 1. Baselines on the same PostgreSQL, broker and cores, in this run.
  results.pgbenchTps = pgbench(system.postgres.adminUrl);
  log(`pgbench: ${results.pgbenchTps} tps`);
  Object.assign(results, await rawKafka(system.kafka.clientConfig, system.topicPrefix));
  log(`raw kafkajs: ${results.rawProducePerSecond} produced/s, ${results.rawConsumePerSecond} consumed/s`);
  Object.assign(results, await ed25519Ceiling());
  log(`Ed25519 ceiling: ${results.ed25519VerifyPerSecond} verifications/s on ${results.ed25519Workers} threads`);

  // 2. The load, with the caseworkers acting on what arrives.
  const auditors = Object.fromEntries(await Promise.all(AGENCIES.map(async (a) => [a, await devToken(a, ['auditor'])] as const))) as Record<Agency, string>;
  const databaseNames = AGENCIES.map((a) => new URL(system.databases[a].url).pathname.slice(1));
  const workBefore = await databaseWork(system.postgres.adminUrl, databaseNames);
  const queriesBefore = await serviceQueryCounts(system, auditors);
  const since = new Date(Date.now() - 1_000);
  const caseworkers = new Caseworkers(system.services.municipality.baseUrl, system.databases.municipality.url);
  await caseworkers.start();
  const sampler = new ProcessSampler(system);
  sampler.start();
  log(`offering ${rate} reports/s for ${seconds} s (${mode})…`);
  const cpuBefore = cpuSnapshot(system, namespace);
  // Booted, migrated and connected, before the first report: what a quiet service holds.
  results.idleRssMb = Object.fromEntries(AGENCIES.map((a) => [a, rssMb(system.services[a].pid)]));
  const loadStart = Date.now();
  const load = await offerReports(system.services.schools.baseUrl, new Rng(1), rate, seconds, (report) => caseworkers.expect(report));
  log(`offered ${load.offered} in ${load.offeredSeconds.toFixed(1)} s: accepted ${load.accepted.length}, answers ${JSON.stringify(load.byStatus)}`);

  // 3. Drain: the caseworkers finish, every event reaches its recipient.
  const acted = await caseworkers.finish(240_000);
  const ledger = await drain(system, since, 240_000);
  sampler.stop();
  const cpuAfter = cpuSnapshot(system, namespace);
  const workAfter = await databaseWork(system.postgres.adminUrl, databaseNames);
  const queriesAfter = await serviceQueryCounts(system, auditors);
  const reconciled = await reconcileReports(
    system,
    load.accepted.map((r) => r.reportId),
  );

  const all = ledger.deliveries.map((d) => d.arrivedAt - d.sentAt);
  // A loop, not Math.max(...spread): a soak delivers a hundred thousand events, past V8's argument limit.
  const lastArrival = ledger.deliveries.reduce((last, d) => Math.max(last, d.arrivedAt), -Infinity);
  const firstSent = ledger.deliveries.reduce((first, d) => Math.min(first, d.sentAt), Infinity);
  const perRecipient = Object.fromEntries(
    AGENCIES.map((to) => [to, percentiles(ledger.deliveries.filter((d) => d.to === to).map((d) => d.arrivedAt - d.sentAt))]),
  );
  const reports = Math.max(1, load.accepted.length);
  const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const delta = (after: Record<string, number>, before: Record<string, number>) => sum(after) - sum(before);
  Object.assign(results, {
    offered: load.offered,
    notOfferedByGenerator: load.notOffered,
    offeredSeconds: round(load.offeredSeconds),
    offeredPerSecond: round(load.offered / load.offeredSeconds),
    accepted: load.accepted.length,
    refused: load.offered - load.accepted.length,
    answers: load.byStatus,
    unavailableWithRetryAfter: load.unavailableWithRetryAfter,
    unavailableWithoutRetryAfter: load.unavailableWithoutRetryAfter,
    serverErrorsOtherThan503: load.serverErrors,
    networkErrors: load.networkErrors,
    acceptedReportsLost: reconciled.missingAtSchool + reconciled.missingAtMunicipality,
    reconciliation: reconciled,
    eventsDelivered: ledger.deliveries.length,
    eventsUndelivered: ledger.undelivered,
    caseworkerActions: acted.actions,
    caseworkerAnswers: acted.byStatus,
    caseworkerFailures: acted.failed.length,
    caseworkerFailureSamples: acted.failed.slice(0, 5),
    casesNeverArrived: acted.neverArrived,
    reportsLinkedToOpenCases: acted.linked,
    sustainedReportsPerSecond: round(load.accepted.length / ((lastArrival - firstSent) / 1000)),
    latencyAllRecipientsMs: percentiles(all),
    latencyFiledToMunicipalityMs: percentiles(ledger.deliveries.filter((d) => d.from === 'schools').map((d) => d.arrivedAt - d.sentAt)),
    latencyByRecipientMs: perRecipient,
    intakeHttpMs: percentiles(load.httpMs),
    transactionsPerReport: round(delta(workAfter.transactions, workBefore.transactions) / reports),
    statementsPerReport: workAfter.statements && workBefore.statements ? round(delta(workAfter.statements, workBefore.statements) / reports) : null,
    serviceQueriesPerReport: Object.values(queriesAfter).every(Number.isNaN) ? null : round(delta(queriesAfter, queriesBefore) / reports),
    serviceQueriesPerReportByService: Object.fromEntries(AGENCIES.map((a) => [a, round((queriesAfter[a] - queriesBefore[a]) / reports)])),
    maxRssMb: sampler.maxRss(loadStart),
    cpuMsPerReport: Object.fromEntries(Object.entries(cpuBetween(cpuBefore, cpuAfter)).map(([k, v]) => [k, round((v * 1000) / reports)])),
  });
  const cpu = results.cpuMsPerReport as Record<string, number>;
  results.cpuMsPerReportTotal = round(Object.entries(cpu).reduce((total, [k, v]) => (k === 'bench' || !Number.isFinite(v) ? total : total + v), 0));
  results.reportsPerCoreSecond = round(1000 / (results.cpuMsPerReportTotal as number));
  results.ratioToPgbenchTps = round((results.sustainedReportsPerSecond as number) / (results.pgbenchTps as number), 3);
  results.ratioToRawKafkaProduce = round((results.sustainedReportsPerSecond as number) / (results.rawProducePerSecond as number), 3);

  // 4. The auditors verify every signature of what the run published.
  log('audit verify from topics…');
  Object.assign(results, verifyTopics(system));
  results.ratioAuditVerifyToEd25519Ceiling = round((results.auditVerifyTopicsEventsPerSecond as number) / (results.ed25519VerifyPerSecond as number), 3);

  if (mode === 'soak') results.minutes = soakMinutes(loadStart, load.accepted, ledger.deliveries, sampler.samples);
  printResults(results);
  if (mode === 'soak') printSoak(results.minutes as ReturnType<typeof soakMinutes>);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/pipeline-${mode}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  log(`written ${file}`);
} finally {
  await system.stop();
}
