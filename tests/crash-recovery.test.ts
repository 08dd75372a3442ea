import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventually, type FiledReport, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(240_000);

const REPORTS = 24;

/**
 * SIGKILL the municipality while events to and from it are in flight; after a restart every
 * case completes once: nothing lost, nothing doubled.
 */
describe('municipality killed mid-flow', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(99);

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_crash_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
    });
    flow = new FlowSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('loses and duplicates nothing across two kills', async () => {
    // Kill 1: reports keep arriving while the municipality is down; some were mid-processing.
    const filed: FiledReport[] = [];
    for (let i = 0; i < REPORTS; i += 1) {
      filed.push(await flow.file(reportFixture(rng)));
      if (i === REPORTS / 3) await system.services.municipality.kill();
    }
    const restartedAt = new Date();
    await system.restart('municipality');
    for (const report of filed) await flow.schoolSees(report.id, 'received');
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM cases')).toBe(REPORTS);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM case_reports')).toBe(REPORTS);
    // Proof that events really were in flight at the kill: some were applied only after the restart.
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM inbox WHERE processed_at >= $1', [restartedAt])).toBeGreaterThan(0);

    // Kill 2: forward everything, then kill while police outcomes stream back.
    for (const report of filed) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await eventually(
      async () => ((await system.count('police', 'SELECT count(*)::int AS n FROM verification_requests')) === REPORTS ? true : undefined),
      'police to receive every request',
    );
    const requests = await system.query<{ id: string }>('police', 'SELECT id FROM verification_requests ORDER BY requested_at');
    const police = system.client('police');
    for (const [i, request] of requests.entries()) {
      const response = await police.post(`/verifications/${request.id}/outcome`, { outcome: 'confirmed_absent' });
      expect(response.status).toBe(200);
      if (i === 2) await system.services.municipality.kill();
    }
    await system.restart('municipality');
    for (const report of filed) await flow.caseAt(report.caseref, 'verified');
    for (const report of filed) await flow.schoolSees(report.id, 'verification_completed');

    // Exactly once everywhere.
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM cases')).toBe(REPORTS);
    expect(await system.count('police', 'SELECT count(*)::int AS n FROM verification_requests')).toBe(REPORTS);
    expect(await system.count('municipality', "SELECT count(*)::int AS n FROM case_history WHERE action = 'record_verification'")).toBe(REPORTS);
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM report_status_history')).toBe(REPORTS * 3);
    const histories = await system.query<{ statuses: string[] }>(
      'schools',
      'SELECT array_agg(status ORDER BY changed_at, id) AS statuses FROM report_status_history GROUP BY report_id',
    );
    expect(histories).toHaveLength(REPORTS);
    for (const { statuses } of histories) expect(statuses).toEqual(['received', 'verification_requested', 'verification_completed']);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
  });
});
