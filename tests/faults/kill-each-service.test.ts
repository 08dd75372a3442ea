import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type FiledReport, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(240_000);

/**
 * SIGKILL the schools and police services (the municipality has its own test) while events to
 * and from them are in flight; after a restart every effect is there exactly once.
 */
describe('faults: schools and police killed mid-flow', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(77);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_kill_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('loses and doubles nothing when schools, then police, die mid-flow', async () => {
    const filed: FiledReport[] = [];
    for (let i = 0; i < 8; i += 1) filed.push(await flow.file(reportFixture(rng)));
    // Schools dies right after filing: some reports may still sit unpublished in its outbox, and
    // status updates are on their way to it. Its relay and inbox must finish the job after restart.
    await system.services.schools.kill();
    await system.restart('schools');
    for (const report of filed) await flow.caseAt(report.caseref, 'screening');
    for (const report of filed.slice(0, 4)) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    for (const report of filed.slice(0, 4)) await flow.schoolSees(report.id, 'verification_requested');

    // Police dies while verification requests arrive.
    for (const report of filed.slice(4)) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await system.services.police.kill();
    await system.restart('police');
    for (const report of filed) await flow.policeVerifies(report.caseref, 'confirmed_absent');
    for (const report of filed) await flow.schoolSees(report.id, 'verification_completed');

    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM reports')).toBe(filed.length);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM cases')).toBe(filed.length);
    expect(await system.count('police', 'SELECT count(*)::int AS n FROM verification_requests')).toBe(filed.length);
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM report_status_history')).toBe(filed.length * 3);
    const histories = await system.query<{ statuses: string[] }>(
      'schools',
      'SELECT array_agg(status ORDER BY changed_at, id) AS statuses FROM report_status_history GROUP BY report_id',
    );
    for (const { statuses } of histories) expect(statuses).toEqual(['received', 'verification_requested', 'verification_completed']);
    for (const agency of ['schools', 'municipality', 'police'] as const) {
      expect(await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
      expect(await system.count(agency, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
    }
  });
});
