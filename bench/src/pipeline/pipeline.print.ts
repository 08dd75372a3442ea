import { AGENCIES, type Agency } from '@casenet/contracts';
import type { Delivery, Percentiles } from './deliveries.js';
import { percentiles } from './deliveries.js';
import type { AcceptedReport } from './offered-load.js';
import { maxRssBetween, type Sample } from './process-samples.js';

const lat = (x: unknown) => {
  const l = x as Percentiles;
  return `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} / max ${l.max} ms (n ${l.n})`;
};

/** The run's figures as a two-column table on stdout, targets beside the measured values. */
export function printResults(r: Record<string, unknown>): void {
  const rows: [string, string][] = [
    ['mode, offered rate × duration', `${r.mode}: ${r.targetRate}/s × ${r.seconds} s (${r.offeredPerSecond}/s actually offered)`],
    ['accepted / refused', `${r.accepted} / ${r.refused}  answers ${JSON.stringify(r.answers)}`],
    ['503 with / without Retry-After', `${r.unavailableWithRetryAfter} / ${r.unavailableWithoutRetryAfter}`],
    ['other 5xx / network errors (target 0)', `${r.serverErrorsOtherThan503} / ${r.networkErrors}`],
    ['accepted reports lost (target 0)', String(r.acceptedReportsLost)],
    ['events delivered / undelivered', `${r.eventsDelivered} / ${r.eventsUndelivered}`],
    ['caseworker actions / failures', `${r.caseworkerActions} / ${r.caseworkerFailures}  answers ${JSON.stringify(r.caseworkerAnswers)}`],
    ['sustained (target ≥ 300)', `${r.sustainedReportsPerSecond} reports/s`],
    ['every delivery (target p50 ≤ 50, p99 ≤ 250)', lat(r.latencyAllRecipientsMs)],
    ['filed → municipality', lat(r.latencyFiledToMunicipalityMs)],
    ...AGENCIES.map((a): [string, string] => [`  → ${a}`, lat((r.latencyByRecipientMs as Record<Agency, Percentiles>)[a])]),
    ['POST /reports answered (accepted)', lat(r.intakeHttpMs)],
    ['transactions / statements per report', `${r.transactionsPerReport} / ${r.statementsPerReport ?? 'n/a (pg_stat_statements not loaded)'}`],
    ['service queries per report', `${r.serviceQueriesPerReport ?? 'n/a'}  ${JSON.stringify(r.serviceQueriesPerReportByService)}`],
    ['idle RSS MB before the load', JSON.stringify(r.idleRssMb)],
    ['max RSS MB (target ≤ 150)', JSON.stringify(r.maxRssMb)],
    [
      'CPU ms per report (bench not counted)',
      `${r.cpuMsPerReportTotal} ms = ${r.reportsPerCoreSecond} reports per core-second  ${JSON.stringify(r.cpuMsPerReport)}`,
    ],
    ['pgbench (same PostgreSQL)', `${r.pgbenchTps} tps (pipeline = ${r.ratioToPgbenchTps} ×)`],
    ['raw kafkajs produce / consume', `${r.rawProducePerSecond} / ${r.rawConsumePerSecond} msg/s (pipeline = ${r.ratioToRawKafkaProduce} × produce)`],
    ['Ed25519 ceiling (raw crypto, all cores)', `${r.ed25519VerifyPerSecond} verifications/s`],
    [
      'audit verify from topics (target ≥ 0.5 ×)',
      `${r.auditVerifyTopicsEventsPerSecond} events/s over ${r.auditVerifiedEvents}, intact ${r.auditIntact} (= ${r.ratioAuditVerifyToEd25519Ceiling} × ceiling)`,
    ],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  process.stdout.write(`\n${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`);
}

export interface SoakMinute {
  minute: number;
  accepted: number;
  latency: Percentiles;
  maxRssMb: Record<Agency, number>;
}

/** The soak's minutes: reports accepted, latency of the deliveries sent, and each service's largest RSS. */
export function soakMinutes(start: number, accepted: readonly AcceptedReport[], deliveries: readonly Delivery[], samples: readonly Sample[]): SoakMinute[] {
  const last = Math.max(...samples.map((s) => s.at));
  const minutes: SoakMinute[] = [];
  for (let m = 0; start + m * 60_000 < last; m += 1) {
    const from = start + m * 60_000;
    const to = from + 60_000;
    minutes.push({
      minute: m + 1,
      accepted: accepted.filter((r) => r.at >= from && r.at < to).length,
      latency: percentiles(deliveries.filter((d) => d.sentAt >= from && d.sentAt < to).map((d) => d.arrivedAt - d.sentAt)),
      maxRssMb: maxRssBetween(samples, from, to),
    });
  }
  return minutes;
}

/** One line per minute, with a bar for the p99, and the verdict from the fifth minute to the last. */
export function printSoak(minutes: readonly SoakMinute[]): void {
  const lines = ['', `min  accepted  p50 ms  p99 ms  ${AGENCIES.map((a) => a.slice(0, 6).padStart(6)).join(' ')} (RSS MB)  p99`];
  const top = Math.max(...minutes.map((m) => m.latency.p99).filter(Number.isFinite), 1);
  for (const m of minutes) {
    const bar = '█'.repeat(Math.max(0, Math.round((m.latency.p99 / top) * 30)));
    lines.push(
      `${String(m.minute).padStart(3)}  ${String(m.accepted).padStart(8)}  ${String(m.latency.p50).padStart(6)}  ${String(m.latency.p99).padStart(6)}  ${AGENCIES.map((a) => String(m.maxRssMb[a]).padStart(6)).join(' ')}           ${bar}`,
    );
  }
  const steady = minutes.filter((m) => m.minute >= 5 && m.accepted > 0);
  const first = steady[0];
  const final = steady[steady.length - 1];
  if (first && final && first !== final) {
    const growth = AGENCIES.map((a) => `${a} ${Math.round(((final.maxRssMb[a] - first.maxRssMb[a]) / first.maxRssMb[a]) * 100)}%`).join(', ');
    lines.push(`from minute ${first.minute} to ${final.minute}: RSS ${growth}; p99 ${first.latency.p99} → ${final.latency.p99} ms`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
