import { AGENCIES, type Agency } from '@casenet/contracts';
import { eventually } from './agency-client.js';
import type { RunningSystem } from './infra/system.js';

/**
 * What must hold after any fault, once the system has settled: every service healthy, every
 * outbox drained, no dead letters (unless the test sent poison on purpose). Returns the
 * problems found rather than asserting, so fault tests can report them all at once.
 */
export async function settledProblems(system: RunningSystem, options: { deadLettersExpected?: Partial<Record<Agency, number>> } = {}): Promise<string[]> {
  const problems: string[] = [];
  for (const agency of AGENCIES) {
    const healthy = await fetch(`${system.services[agency].baseUrl}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (!healthy) problems.push(`${agency} is not healthy`);
    try {
      await eventually(
        async () => ((await system.count(agency, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) === 0 ? true : undefined),
        `${agency}'s outbox to drain`,
        20_000,
      );
    } catch (error) {
      problems.push(String(error));
    }
    const parked = await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters');
    const expected = options.deadLettersExpected?.[agency] ?? 0;
    if (parked !== expected) problems.push(`${agency} has ${parked} dead letters, expected ${expected}`);
  }
  return problems;
}

/**
 * The audit archive against the agencies' ledgers: every event an agency published (its ledger)
 * is archived, none is archived that no ledger holds, and none is archived twice.
 */
export async function archiveProblems(system: RunningSystem): Promise<string[]> {
  const problems: string[] = [];
  const archived = await system.queryAudit<{ signer: string; event_id: string; copies: number }>(
    "SELECT signer, event_id, count(*)::int AS copies FROM archive WHERE signer <> 'audit' AND event_id IS NOT NULL AND topic NOT LIKE '%.dead-letter' GROUP BY signer, event_id",
  );
  for (const { event_id, copies } of archived) if (copies > 1) problems.push(`event ${event_id} is archived ${copies} times`);
  for (const agency of AGENCIES) {
    const ledger = new Set((await system.query<{ event_id: string }>(agency, 'SELECT event_id FROM ledger')).map((r) => r.event_id));
    const inArchive = new Set(archived.filter((r) => r.signer === agency).map((r) => r.event_id));
    const missing = [...ledger].filter((id) => !inArchive.has(id));
    const unknown = [...inArchive].filter((id) => !ledger.has(id));
    if (missing.length > 0) problems.push(`${missing.length} of ${agency}'s ${ledger.size} published events are not archived (e.g. ${missing[0]})`);
    if (unknown.length > 0) problems.push(`${unknown.length} archived events signed by ${agency} are in no ledger of ${agency} (e.g. ${unknown[0]})`);
  }
  return problems;
}

/** Waits until the archive holds every published event (it consumes asynchronously), then reconciles. */
export async function settledArchiveProblems(system: RunningSystem, timeoutMs = 30_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problems = await archiveProblems(system);
    if (problems.length === 0 || Date.now() > deadline) return problems;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
