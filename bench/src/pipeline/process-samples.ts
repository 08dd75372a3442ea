import { AGENCIES, type Agency } from '@casenet/contracts';
import type { RunningSystem } from '@casenet/testing';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';

/** Resident memory of a process from /proc, in MB: read from outside, so a busy service cannot hide it. */
export function rssMb(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

export interface Sample {
  at: number;
  rssMb: Record<Agency, number>;
}

/** One sample per second of every service's RSS, for the run's maxima and the soak's per-minute table. */
export class ProcessSampler {
  readonly samples: Sample[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly system: RunningSystem) {}

  start(): void {
    this.timer = setInterval(() => {
      const rss = Object.fromEntries(AGENCIES.map((a) => [a, rssMb(this.system.services[a].pid)])) as Record<Agency, number>;
      this.samples.push({ at: Date.now(), rssMb: rss });
    }, 1_000);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  maxRss(from = 0, to = Infinity): Record<Agency, number> {
    return maxRssBetween(this.samples, from, to);
  }
}

/** Each service's largest RSS among the samples taken in [from, to). */
export function maxRssBetween(samples: readonly Sample[], from: number, to: number): Record<Agency, number> {
  const within = samples.filter((s) => s.at >= from && s.at < to);
  return Object.fromEntries(AGENCIES.map((a) => [a, Math.max(...within.map((s) => s.rssMb[a]).filter(Number.isFinite))])) as Record<Agency, number>;
}

export interface DatabaseWork {
  /** Transactions committed or rolled back, per service database (pg_stat_database). */
  transactions: Record<string, number>;
  /** Statements executed, per database (pg_stat_statements), when the server loads it. */
  statements?: Record<string, number>;
}

/**
 * PostgreSQL's own counters for the run's databases. Statement counts need pg_stat_statements in
 * shared_preload_libraries (a server restart the benchmark will not impose on a shared server):
 * without it the services' own query counters (casenet_db_queries_total) are used instead.
 */
export async function databaseWork(adminUrl: string, databases: readonly string[]): Promise<DatabaseWork> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ datname: string; n: string }>(
      'SELECT datname, (xact_commit + xact_rollback)::text AS n FROM pg_stat_database WHERE datname = ANY($1::text[])',
      [databases],
    );
    const work: DatabaseWork = { transactions: Object.fromEntries(rows.map((r) => [r.datname, Number(r.n)])) };
    const loaded = await client.query<{ on: boolean }>(`SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%' AS on`);
    if (loaded.rows[0]?.on) {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      const statements = await client.query<{ datname: string; n: string }>(
        `SELECT d.datname, sum(s.calls)::text AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
          WHERE d.datname = ANY($1::text[]) GROUP BY d.datname`,
        [databases],
      );
      work.statements = Object.fromEntries(statements.rows.map((r) => [r.datname, Number(r.n)]));
    }
    return work;
  } finally {
    await client.end();
  }
}

/** The services' own count of queries sent to PostgreSQL, from their /metrics (NaN when a service does not count). */
export async function serviceQueryCounts(system: RunningSystem, tokens: Record<Agency, string>): Promise<Record<Agency, number>> {
  const counts = await Promise.all(
    AGENCIES.map(async (agency) => {
      const text = await fetch(`${system.services[agency].baseUrl}/metrics`, { headers: { authorization: `Bearer ${tokens[agency]}` } }).then(
        (r) => r.text(),
        () => '',
      );
      let total = NaN;
      for (const match of text.matchAll(/^casenet_db_queries_total(?:\{[^}]*\})? ([0-9.e+-]+)$/gm))
        total = (Number.isNaN(total) ? 0 : total) + Number(match[1]);
      return [agency, total] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<Agency, number>;
}

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return 0;
  }
}

/** Every process whose command line matches, with it (PostgreSQL backends name their database in it). */
function processesMatching(pattern: RegExp): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((pid) => {
      try {
        return pattern.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' '));
      } catch {
        return false;
      }
    });
}

export type CpuGroup = Agency | 'postgres' | 'kafka' | 'bench';
/** CPU seconds per process, by the part of the system it belongs to. */
export type CpuSnapshot = Map<number, { group: CpuGroup; seconds: number }>;

/**
 * CPU seconds used so far by each service, by this run's PostgreSQL backends (those connected to
 * its databases, plus the server's shared background processes) and by its broker's JVM when the
 * benchmark runs its own: other clients of a shared machine are left out. Divided by the reports
 * carried, the per-report CPU cost that sizes a deployment (docs/capacity.md).
 */
export function cpuSnapshot(system: RunningSystem, namespace: string): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  const add = (pid: number | undefined, group: CpuGroup) => {
    if (pid !== undefined) snapshot.set(pid, { group, seconds: cpuSeconds(pid) });
  };
  for (const agency of AGENCIES) add(system.services[agency].pid, agency);
  const ours = new RegExp(`^postgres: .*(${namespace}_|checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher)`);
  for (const pid of processesMatching(ours)) add(pid, 'postgres');
  add(system.kafka.broker?.pid, 'kafka');
  add(process.pid, 'bench');
  return snapshot;
}

/** CPU seconds each group used between two snapshots (a process born in between counts from its start). */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Record<CpuGroup, number> {
  const used = Object.fromEntries([...AGENCIES, 'postgres', 'kafka', 'bench'].map((g) => [g, 0])) as Record<CpuGroup, number>;
  for (const [pid, now] of after) used[now.group] += now.seconds - (before.get(pid)?.seconds ?? 0);
  if (!after.size || ![...after.values()].some((p) => p.group === 'kafka')) used.kafka = NaN;
  return used;
}
