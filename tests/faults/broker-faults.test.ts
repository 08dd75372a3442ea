import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { type FiledReport, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem, settledArchiveProblems, settledProblems } from '@casenet/testing';

jest.setTimeout(300_000);

const REPORTS = 12;

/**
 * The real broker misbehaves while cases flow: it is SIGKILLed mid-flow and restarted on its data
 * directory, and it hangs (SIGSTOP) for longer than the clients' request timeout. Afterwards every
 * database reconciles with the workload and the audit archive with every agency's ledger: nothing
 * lost, nothing doubled, each report's statuses in order, nothing dead-lettered, every service
 * healthy. The system gets a broker of its own: crashing the run's shared one would hit other files.
 */
describe('faults: the Kafka broker crashes and hangs', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(66);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_faults_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true, ownBroker: true });
    flow = new FlowSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('SIGKILL mid-flow, restart on the same data directory: nothing lost, nothing doubled', async () => {
    const broker = system.kafka.broker;
    if (!broker) throw new Error('this test needs a broker of its own');
    const filed: FiledReport[] = [];
    for (let i = 0; i < REPORTS / 2; i += 1) filed.push(await flow.file(reportFixture(rng)));
    for (const report of filed) await flow.caseAt(report.caseref, 'screening');

    // Killed while the next reports are filed and every case is forwarded: the events wait in the
    // outboxes (the API keeps answering: the state change and its event commit in Postgres).
    const forwarding = (async () => {
      for (let i = REPORTS / 2; i < REPORTS; i += 1) filed.push(await flow.file(reportFixture(rng)));
    })();
    await broker.kill('SIGKILL');
    await forwarding;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await broker.restart();

    for (const report of filed) await flow.caseAt(report.caseref, 'screening');
    for (const report of filed) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    for (const report of filed) await flow.policeVerifies(report.caseref, 'confirmed_absent');
    for (const report of filed) await flow.schoolSees(report.id, 'verification_completed');

    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM cases')).toBe(REPORTS);
    expect(await system.count('police', 'SELECT count(*)::int AS n FROM verification_requests')).toBe(REPORTS);
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM report_status_history')).toBe(REPORTS * 3);
    const histories = await system.query<{ statuses: string[] }>(
      'schools',
      'SELECT array_agg(status ORDER BY changed_at, id) AS statuses FROM report_status_history GROUP BY report_id',
    );
    for (const { statuses } of histories) expect(statuses).toEqual(['received', 'verification_requested', 'verification_completed']);
    expect(await settledProblems(system)).toEqual([]);
    expect(await settledArchiveProblems(system)).toEqual([]);
  });

  it('hangs (SIGSTOP) longer than a request timeout, then resumes: the flow carries on', async () => {
    const broker = system.kafka.broker;
    if (!broker) throw new Error('this test needs a broker of its own');
    const filed: FiledReport[] = [];
    await broker.kill('SIGSTOP');
    try {
      for (let i = 0; i < 4; i += 1) filed.push(await flow.file(reportFixture(rng)));
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    } finally {
      await broker.kill('SIGCONT');
    }
    for (const report of filed) await flow.caseAt(report.caseref, 'screening');
    for (const report of filed) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    for (const report of filed) await flow.policeVerifies(report.caseref, 'confirmed_absent');
    for (const report of filed) await flow.schoolSees(report.id, 'verification_completed');
    expect(await settledProblems(system)).toEqual([]);
    expect(await settledArchiveProblems(system)).toEqual([]);
  });

  it('rides out a PostgreSQL restart mid-flow', async () => {
    if (system.postgres.source !== 'local server') return; // only the harness's own server may be restarted
    const filed: FiledReport[] = [];
    for (let i = 0; i < 6; i += 1) filed.push(await flow.file(reportFixture(rng)));
    const [version] = readdirSync('/etc/postgresql');
    execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', version as string, 'main', 'restart'], { stdio: 'ignore' });
    for (let i = 0; i < 6; i += 1) {
      // The first requests after the restart may meet dead pooled connections: retry like a browser would.
      for (let attempt = 0; ; attempt += 1) {
        const fixture = reportFixture(rng);
        const response = await system.school(fixture.school.code).post<FiledReport>('/reports', fixture);
        if (response.status === 201) {
          filed.push(response.body);
          break;
        }
        if (attempt > 20) throw new Error(`schools kept answering ${response.status}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    for (const report of filed) await flow.schoolSees(report, 'received');
    expect(
      await system.count(
        'municipality',
        `SELECT count(*)::int AS n FROM case_reports WHERE report_caseref IN (${filed.map((r) => `'${r.caseref}'`).join(',')})`,
      ),
    ).toBe(12);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
    for (const service of Object.values(system.services)) expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
  });
});
