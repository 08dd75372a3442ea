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
    const healthy = await fetch(`${system.services[agency].baseUrl}/health`).then((r) => r.status === 200, () => false);
    if (!healthy) problems.push(`${agency} is not healthy`);
    try {
      await eventually(async () => ((await system.count(agency, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')) === 0 ? true : undefined), `${agency}'s outbox to drain`, 20_000);
    } catch (error) {
      problems.push(String(error));
    }
    const parked = await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters');
    const expected = options.deadLettersExpected?.[agency] ?? 0;
    if (parked !== expected) problems.push(`${agency} has ${parked} dead letters, expected ${expected}`);
  }
  return problems;
}
