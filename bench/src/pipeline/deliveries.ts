import { AGENCIES, type Agency } from '@casenet/contracts';
import type { RunningSystem } from '@casenet/testing';

export interface Delivery {
  eventType: string;
  from: Agency;
  to: Agency;
  /** The sender's transaction began (outbox.created_at): the caseworker's or school's action. */
  sentAt: number;
  /** The recipient's inbox transaction recorded it (inbox.processed_at). */
  arrivedAt: number;
}

export interface DeliveryLedger {
  deliveries: Delivery[];
  /** Events written to an outbox that no recipient's inbox holds (yet). */
  undelivered: number;
}

interface OutboxRow {
  event_id: string;
  topic: string;
  event_type: string;
  created_at: Date;
}

/**
 * Every event the run produced, matched across databases from its sender's outbox to its
 * recipient's inbox by event id: the latency of each delivery is measured by PostgreSQL's own
 * clocks (one server, one clock), never by the load generator.
 */
export async function readDeliveries(system: RunningSystem, since: Date): Promise<DeliveryLedger> {
  const arrived = new Map<string, { to: Agency; at: number }>();
  const sent: (OutboxRow & { from: Agency })[] = [];
  for (const agency of AGENCIES) {
    const inbox = await system.query<{ event_id: string; processed_at: Date }>(agency, 'SELECT event_id, processed_at FROM inbox WHERE processed_at >= $1', [
      since,
    ]);
    for (const row of inbox) arrived.set(`${agency}|${row.event_id}`, { to: agency, at: row.processed_at.getTime() });
    const outbox = await system.query<OutboxRow>(
      agency,
      `SELECT event_id, topic, event_type, created_at FROM outbox WHERE created_at >= $1 AND event_type <> 'dead-letter'`,
      [since],
    );
    for (const row of outbox) sent.push({ ...row, from: agency });
  }
  const deliveries: Delivery[] = [];
  let undelivered = 0;
  for (const row of sent) {
    const to = row.topic.split('.')[0] as Agency;
    const hit = arrived.get(`${to}|${row.event_id}`);
    if (!hit) {
      undelivered += 1;
      continue;
    }
    deliveries.push({ eventType: row.event_type, from: row.from, to, sentAt: row.created_at.getTime(), arrivedAt: hit.at });
  }
  return { deliveries, undelivered };
}

/** Waits until every event written so far has reached its recipient, or the time runs out. */
export async function drain(system: RunningSystem, since: Date, timeoutMs: number): Promise<DeliveryLedger> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ledger = await readDeliveries(system, since);
    if (ledger.undelivered === 0 || Date.now() > deadline) return ledger;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
  return { n: sorted.length, p50: Math.round(at(50)), p95: Math.round(at(95)), p99: Math.round(at(99)), max: Math.round(sorted[sorted.length - 1] as number) };
}

/** Accepted reports missing from the school's own table or from the municipality's intake: lost. */
export async function reconcileReports(
  system: RunningSystem,
  reportIds: readonly string[],
): Promise<{ missingAtSchool: number; missingAtMunicipality: number }> {
  const atSchool = new Set(
    (await system.query<{ id: string }>('schools', 'SELECT id::text FROM reports WHERE id = ANY($1::uuid[])', [reportIds])).map((r) => r.id),
  );
  const atMunicipality = new Set(
    (await system.query<{ report_id: string }>('municipality', 'SELECT report_id::text FROM case_reports WHERE report_id = ANY($1::uuid[])', [reportIds])).map(
      (r) => r.report_id,
    ),
  );
  return {
    missingAtSchool: reportIds.filter((id) => !atSchool.has(id)).length,
    missingAtMunicipality: reportIds.filter((id) => !atMunicipality.has(id)).length,
  };
}
