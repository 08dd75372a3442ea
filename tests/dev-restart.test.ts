import { afterAll, describe, expect, it, jest } from '@jest/globals';
import type { VerificationReport } from '@casenet/audit-log';
import {
  dropServiceDatabases,
  DEV_TRUST_LIST,
  type FiledReport,
  FlowSteps,
  freeSystemPorts,
  REPO_ROOT,
  reportFixture,
  Rng,
  type RunningSystem,
  settledArchiveProblems,
  settledProblems,
  startDevSystem,
  withAdmin,
} from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

jest.setTimeout(420_000);

/**
 * `npm start`, stopped and started again on the same dev directory (a temp one here, not .dev):
 * the broker comes back on its data directory, so topics, consumer offsets and history carry on,
 * nothing is consumed twice or lost, and the audit archive still verifies and matches every ledger.
 */
describe('npm start: stop, start again on the same directory', () => {
  const devDir = mkdtempSync(`${tmpdir()}/casenet-dev-`);
  const namespace = `t_devrestart_${process.pid}`;
  let system: RunningSystem | undefined;
  let adminUrl: string | undefined;

  afterAll(async () => {
    await system?.stop();
    if (adminUrl) await dropServiceDatabases(adminUrl, namespace);
    if (!process.env.KEEP_DEV_DIR) rmSync(devDir, { recursive: true, force: true });
  });

  const groupOffsets = (s: RunningSystem) =>
    withAdmin(s.kafka.clientConfig, async (admin) => {
      const [offsets] = await admin.fetchOffsets({ groupId: 'casenet-municipality-inbox', topics: ['municipality.inbox.v1'] });
      return offsets?.partitions.map((p) => `${p.partition}:${p.offset}`).sort() ?? [];
    });

  it('keeps topics, offsets, history and the audit archive', async () => {
    if (process.env.KAFKA_BROKERS) return; // the restart is of the harness's own broker
    const rng = new Rng(4242);
    const ports = await freeSystemPorts();
    system = await startDevSystem(devDir, { ports, namespace });
    adminUrl = system.postgres.adminUrl;
    if (system.kafka.source !== 'Apache Kafka') return;
    expect(system.kafka.description).toMatch(/^Apache Kafka \d+\.\d+\.\d+ \(KRaft\), SASL\/SCRAM on 127\.0\.0\.1:\d+, data in /);
    let flow = new FlowSteps(system);
    const filed: FiledReport[] = [];
    for (let i = 0; i < 4; i += 1) filed.push(await flow.file(reportFixture(rng)));
    for (const report of filed) await flow.caseAt(report.caseref, 'screening');
    for (const report of filed.slice(0, 2)) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    for (const report of filed.slice(0, 2)) await flow.schoolSees(report.id, 'verification_requested');
    expect(await settledProblems(system)).toEqual([]);
    expect(await settledArchiveProblems(system)).toEqual([]);
    const offsetsBefore = await groupOffsets(system);
    const archivedBefore = (await system.queryAudit<{ n: number }>('SELECT count(*)::int AS n FROM archive'))[0]?.n ?? 0;
    const brokersBefore = system.kafka.brokers;
    await system.stop();
    system = undefined;
    expect(existsSync(`${devDir}/kafka/data/meta.properties`)).toBe(true);

    system = await startDevSystem(devDir, { ports, namespace });
    flow = new FlowSteps(system);
    expect(system.kafka.brokers).toEqual(brokersBefore);
    // The broker kept the group's committed offsets: consumption resumes, it does not start over.
    expect(await groupOffsets(system)).toEqual(offsetsBefore);

    // The old cases carry on, new ones join them.
    for (const report of filed.slice(0, 2)) await flow.policeVerifies(report.caseref, 'confirmed_absent');
    for (const report of filed.slice(2)) await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    for (const report of filed.slice(2)) await flow.policeVerifies(report.caseref, 'confirmed_absent');
    const later = [await flow.file(reportFixture(rng)), await flow.file(reportFixture(rng))];
    for (const report of later) await flow.caseAt(report.caseref, 'screening');
    for (const report of filed) await flow.schoolSees(report.id, 'verification_completed');

    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM cases')).toBe(6);
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM report_status_history')).toBe(4 * 3 + 2);
    expect(await settledProblems(system)).toEqual([]);
    expect(await settledArchiveProblems(system)).toEqual([]);
    // Nothing was consumed twice after the restart: the offsets carried on.
    for (const agency of ['schools', 'municipality', 'police'] as const) {
      const log = readFileSync(system.services[agency].logFile, 'utf8');
      expect(log.split('duplicate event ignored').length - 1).toBe(0);
    }
    const archivedAfter = (await system.queryAudit<{ n: number }>('SELECT count(*)::int AS n FROM archive'))[0]?.n ?? 0;
    expect(archivedAfter).toBeGreaterThan(archivedBefore);

    // The auditors' verification of the archive and of the topics themselves, as `npm run audit -- verify` runs it.
    for (const source of ['archive', 'topics']) {
      const run = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, 'verify', '--json', '--source', source], {
        env: { ...process.env, AUDIT_DATABASE_URL: system.auditDatabase.url, TRUST_LIST_FILE: DEV_TRUST_LIST, ...system.kafka.clientEnv('casenet-audit') },
      });
      const report = JSON.parse(run.stdout.toString()) as VerificationReport;
      expect({ source, code: run.status, intact: report.intact }).toEqual({ source, code: 0, intact: true });
    }
  });
});
