import { AGENCIES } from '@casenet/contracts';
import { parseArgs } from 'node:util';
import { AgencyClient } from '../agency-client.js';
import { freeSystemPorts } from '../infra/free-ports.js';
import { RunningSystem } from '../infra/system.js';
import type { PublishedTable } from '@casenet/statistics';
import { checkFunnel, formatFunnel } from './funnel.check.js';
import { replayProgress } from './replay.progress.js';
import { SEED } from './year-2022-23.data.js';
import { driveYear } from './year.driver.js';
import { generateYear } from './year.generator.js';

/**
 * `npm run replay -- 2022/23 [--seed N] [--concurrency N] [--json] [--keep]`: a throwaway system of
 * the five services (own databases, own topics), the year's reports driven through their APIs as
 * the caseworkers would, then the Osservatorio's funnel beside the seed's figures. Exit 1 when a
 * figure differs.
 */
const USAGE = `usage: npm run replay -- 2022/23 [--seed <n>] [--concurrency <n>] [--json] [--keep]
  --seed <n>         the synthetic year's seed (default 2023): the same seed, the same pupils and schools
  --concurrency <n>  requests in flight (default 8)
  --json             the result as JSON on stdout (the table goes to stderr)
  --keep             leave the system running afterwards and print its addresses (Ctrl-C stops it)`;

const { values, positionals } = parseArgs({
  args: process.argv.slice(2),
  allowPositionals: true,
  options: {
    seed: { type: 'string', default: '2023' },
    concurrency: { type: 'string', default: '8' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

const fail = (message: string, code = 2): never => {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(code);
};
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const [year, ...extra] = positionals;
if (year !== SEED.schoolYear || extra.length > 0)
  fail(`The replay knows the published figures of ${SEED.schoolYear} only${year ? `, not ${[year, ...extra].join(' ')}` : ''}.`);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);
if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a whole number ≥ 0, not ${values.seed}`);
if (!Number.isSafeInteger(concurrency) || concurrency < 1 || concurrency > 64) fail(`--concurrency must be 1–64, not ${values.concurrency}`);

// With --json, stdout carries only the JSON; people read the table on stderr.
const out = values.json ? process.stderr : process.stdout;
const say = (line: string) => process.stderr.write(`${line}\n`);

const startedAt = Date.now();
const namespace = `replay_${process.pid}`;
say(`Starting a throwaway system of the five services for the replay (databases ${namespace}_*, removed afterwards; never the npm start data)…`);
const system = await RunningSystem.start({ namespace, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
const startupMs = Date.now() - startedAt;
say(`PostgreSQL: ${system.postgres.source}; Kafka: ${system.kafka.description}`);

let stopping: Promise<void> | undefined;
let kept = false;
let exitCode = 1;
const stop = () => (stopping ??= system.stop());
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    say(`\n${signal}: stopping the replay's system…`);
    // Ending a kept system is the normal end (the replay's own code stands); interrupting the replay is not.
    void stop().then(() => process.exit(kept ? exitCode : 130));
  });
}

try {
  const reports = generateYear(seed);
  say(`Replaying ${SEED.schoolYear}: ${reports.length} synthetic reports (seed ${seed}), ${concurrency} requests in flight.`);
  const yearStarted = Date.now();
  const schools = new Map<string, AgencyClient>();
  const driven = await driveYear(
    {
      school: (code) => {
        // One token per school, as each school's secretariat signs in once.
        const client = schools.get(code) ?? system.school(code);
        schools.set(code, client);
        return client;
      },
      municipality: system.client('municipality'),
      police: system.client('police'),
    },
    reports,
    { concurrency, progress: replayProgress() },
  );
  // Read once, after the last decision: every read is a release (all the year's tables protected
  // together), and a cell suppressed in an early, small release stays suppressed in every later one.
  const tables = await readTables(system.client('municipality', ['analyst']));
  const byLevel = tableOf(tables, 'funnel.by-level');
  const byCitizenship = tableOf(tables, 'funnel.by-citizenship');
  const wallMs = Date.now() - yearStarted;
  const lines = checkFunnel(byLevel, byCitizenship);
  const timing = { wallMs, reports: reports.length, startupMs };
  out.write(`\n${formatFunnel(SEED.schoolYear, lines, timing)}\n`);
  const ok = lines.every((line) => line.ok);
  if (values.json) {
    const result = {
      schoolYear: SEED.schoolYear,
      seed,
      ok,
      lines,
      timing: { ...timing, reportsPerSecond: Math.round((reports.length / (wallMs / 1000)) * 10) / 10, phases: driven.phases },
      driven: { filed: driven.filed, decisions: driven.decisions, verificationRequests: driven.verificationRequests },
      published: { 'funnel.by-level': byLevel, 'funnel.by-citizenship': byCitizenship },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  }
  exitCode = ok ? 0 : 1;
} catch (error) {
  say(`\nThe replay failed: ${error instanceof Error ? error.message : String(error)}`);
  say(`Service logs: ${system.services.municipality.logFile.replace(/[^/]+$/, '')}`);
} finally {
  if (values.keep) {
    // Kept whatever the outcome: a figure that differs is best looked into on the system that made it.
    say('\nThe replay’s system keeps running (Ctrl-C stops it and removes its databases):');
    for (const agency of AGENCIES) say(`  ${agency.padEnd(13)} UI ${system.services[agency].baseUrl}/ui/   API ${system.services[agency].baseUrl}/docs`);
    say(
      `  Osservatorio: ${system.services.municipality.baseUrl}/osservatorio/tables?schoolYear=${encodeURIComponent(SEED.schoolYear)} (an analyst token: npm run token -- municipality analyst)`,
    );
    kept = true;
  } else {
    await stop();
    process.exit(exitCode);
  }
}

async function readTables(client: AgencyClient): Promise<PublishedTable[]> {
  const path = `/osservatorio/tables?schoolYear=${encodeURIComponent(SEED.schoolYear)}`;
  const response = await client.get<PublishedTable[]>(path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

function tableOf(tables: readonly PublishedTable[], key: string): PublishedTable {
  const table = tables.find((t) => t.key === key);
  if (!table) throw new Error(`the Osservatorio published no ${key} (it published ${tables.map((t) => t.key).join(', ')})`);
  return table;
}
