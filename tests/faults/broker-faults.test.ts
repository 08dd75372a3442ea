import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { type FiledReport, FlowSteps, freeSystemPorts, KAFKA_API, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(240_000);

const REPORTS = 12;

/**
 * The broker misbehaves while cases flow: a broker goes down and comes back, requests get slow,
 * produce requests fail. Afterwards every database reconciles with the workload: nothing lost,
 * nothing doubled, each report's statuses in order, nothing dead-lettered, every service healthy.
 * Needs the mock cluster's fault injection; against KAFKA_BROKERS it starts its own mock anyway.
 */
describe('faults: broker outage, latency and request errors', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(66);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_faults_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true, forceMockBroker: true });
    flow = new FlowSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('loses and doubles nothing, and recovers without help', async () => {
    const mock = system.kafka.mock;
    if (!mock) throw new Error('fault injection needs the mock cluster');
    const filed: FiledReport[] = [];
    for (let i = 0; i < REPORTS / 2; i += 1) filed.push(await flow.file(reportFixture(rng)));

    // Slow brokers and failing produce requests while the next reports go in.
    await Promise.all([1, 2, 3].map((id) => mock.setLatency(id, 150)));
    await mock.injectErrors(KAFKA_API.produce, 5, 6); // NOT_LEADER_OR_FOLLOWER, retriable
    for (let i = REPORTS / 2; i < REPORTS; i += 1) filed.push(await flow.file(reportFixture(rng)));

    for (const report of filed) await flow.caseAt(report.caseref, 'screening');
    await Promise.all([1, 2, 3].map((id) => mock.setLatency(id, 0)));

    // One broker away while every case is forwarded: the events wait in the outboxes, then flow.
    await mock.brokerDown(2);
    for (const report of filed) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await mock.brokerUp(2);
    for (const report of filed) await flow.policeVerifies(report.caseref, 'confirmed_absent');
    for (const report of filed) await flow.schoolSees(report.id, 'verification_completed');

    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM cases')).toBe(REPORTS);
    expect(await system.count('police', 'SELECT count(*)::int AS n FROM verification_requests')).toBe(REPORTS);
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM report_status_history')).toBe(REPORTS * 3);
    const histories = await system.query<{ statuses: string[] }>('schools', 'SELECT array_agg(status ORDER BY changed_at, id) AS statuses FROM report_status_history GROUP BY report_id');
    for (const { statuses } of histories) expect(statuses).toEqual(['received', 'verification_requested', 'verification_completed']);
    for (const agency of ['schools', 'municipality', 'police'] as const) {
      expect(await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
      expect(await system.count(agency, 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).toBe(0);
    }
    for (const service of Object.values(system.services)) expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
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
    expect(await system.count('municipality', `SELECT count(*)::int AS n FROM case_reports WHERE report_caseref IN (${filed.map((r) => `'${r.caseref}'`).join(',')})`)).toBe(12);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
    for (const service of Object.values(system.services)) expect((await fetch(`${service.baseUrl}/health`)).status).toBe(200);
  });
});
