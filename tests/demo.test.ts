import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { FlowSteps, freeSystemPorts, playDemo, RunningSystem } from '@casenet/testing';

jest.setTimeout(600_000);

/**
 * The demo `npm start` plays once for a newcomer: it must run to the end against the real
 * services, and every path it announces must have left its trace in the agency that owns it.
 */
describe('the npm start demo', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_demo_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('plays every path to the end, and each agency holds what its path says', async () => {
    const lines: string[] = [];
    await playDemo(system, new FlowSteps(system), (line) => lines.push(line));
    expect(lines.length).toBeGreaterThan(10);

    const count = (agency: Parameters<RunningSystem['count']>[0], sql: string) => system.count(agency, sql);
    // Every kind of school report, and both other ways in, opened a case at the municipality.
    const kinds = await system.query<{ kind: string }>('schools', 'SELECT DISTINCT kind FROM reports ORDER BY kind');
    expect(kinds.map((k) => k.kind)).toEqual(expect.arrayContaining(['absence', 'bullying', 'harm_to_child', 'substance_use']));
    const ways = await system.query<{ way_in: string }>('municipality', 'SELECT DISTINCT way_in FROM cases WHERE way_in IS NOT NULL ORDER BY way_in');
    expect(ways.map((w) => w.way_in)).toEqual(['local_services', 'school_report', 'spontaneous_access']);
    expect(await count('municipality', "SELECT count(*)::int AS n FROM cases WHERE state = 'closed' AND closure_reason = 'immediate_return'")).toBeGreaterThan(
      0,
    );
    // Police verified; ATS took care at an ASST; the prosecutor archived one referral and petitioned another, which got its investigation and order.
    expect(await count('police', "SELECT count(*)::int AS n FROM verification_requests WHERE status = 'completed'")).toBeGreaterThan(0);
    expect(await count('health', "SELECT count(*)::int AS n FROM health_referrals WHERE state = 'completed' AND care_path IS NOT NULL")).toBeGreaterThan(0);
    expect(await count('court', "SELECT count(*)::int AS n FROM prosecutor_files WHERE outcome = 'archived'")).toBeGreaterThan(0);
    expect(await count('court', "SELECT count(*)::int AS n FROM investigations WHERE state = 'completed'")).toBeGreaterThan(0);
    expect(await count('municipality', 'SELECT count(*)::int AS n FROM mandates')).toBeGreaterThan(0);
    // Nothing the demo sent was refused anywhere.
    for (const agency of ['schools', 'municipality', 'police', 'health', 'court'] as const) {
      expect({ agency, deadLetters: await count(agency, 'SELECT count(*)::int AS n FROM dead_letters') }).toEqual({ agency, deadLetters: 0 });
    }
  });
});
