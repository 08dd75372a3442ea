import { afterAll, describe, expect, it, jest } from '@jest/globals';
import type { VerificationReport } from '@casenet/audit-log';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { DEV_TRUST_LIST, eventually, FlowSteps, freeSystemPorts, REPO_ROOT, reportFixture, Rng, RunningSystem } from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

jest.setTimeout(300_000);

/**
 * The broker is reset between two runs while every database persists: the first run's broker is
 * stopped and the second run starts a fresh one of its own (a new, empty data directory, so its
 * offsets restart at 0), and the second run's events reuse the first run's offsets.
 * The archive is keyed by what an event is, so nothing may be lost and verification stays intact.
 */
describe('audit across a broker reset', () => {
  const namespace = `t_audit_reset_${process.pid}`;
  const rng = new Rng(8088);
  let system: RunningSystem | undefined;

  afterAll(async () => {
    await system?.stop();
  });

  /** Every event every producer's ledger holds, as `producer#seq hash`. */
  async function ledgers(running: RunningSystem): Promise<string[]> {
    const rows = await Promise.all(
      AGENCIES.map(async (agency: Agency) =>
        (await running.query<{ seq: string; hash: string }>(agency, 'SELECT seq::text, hash FROM ledger')).map((r) => `${agency}#${r.seq} ${r.hash}`),
      ),
    );
    return rows.flat().sort();
  }

  /** Every chain event the archive holds, in the same form. */
  async function archived(running: RunningSystem): Promise<string[]> {
    const client = new pg.Client({ connectionString: running.auditDatabase.url });
    await client.connect();
    try {
      const rows = await client.query<{ e: string }>(
        "SELECT DISTINCT signer || '#' || chainseq || ' ' || content_hash AS e FROM archive WHERE headseq IS NULL AND signer IS NOT NULL AND topic NOT LIKE '%.dead-letter'",
      );
      return rows.rows.map((r) => r.e).sort();
    } finally {
      await client.end();
    }
  }

  async function flowTwoCases(running: RunningSystem): Promise<void> {
    const flow = new FlowSteps(running);
    const closed = await flow.file(reportFixture(rng));
    await flow.caseAt(closed.caseref, 'screening');
    await flow.act(closed.caseref, '/screening/cases/:caseref/close', { reason: 'immediate_return' });
    await flow.schoolSees(closed.id, 'closed_immediate_return');
    const verified = await flow.file(reportFixture(rng));
    await flow.caseAt(verified.caseref, 'screening');
    await flow.act(verified.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(verified.caseref, 'confirmed_absent');
    await flow.schoolSees(verified.id, 'verification_completed');
  }

  async function archiveHoldsEveryLedgerEvent(running: RunningSystem): Promise<string[]> {
    const expected = await ledgers(running);
    await eventually(
      async () => ((await archived(running)).join('\n') === expected.join('\n') ? true : undefined),
      `the archive to hold all ${expected.length} ledger events`,
      60_000,
    );
    return expected;
  }

  it('loses nothing when a fresh, empty broker reuses the offsets of the first run', async () => {
    system = await RunningSystem.start({ namespace, ports: await freeSystemPorts(), ownBroker: true, env: { AUDIT_CHECKPOINT_EVERY: '10' } });
    await flowTwoCases(system);
    const first = await archiveHoldsEveryLedgerEvent(system);
    await system.stop(); // every process and the broker; the databases stay
    system = undefined;

    system = await RunningSystem.start({
      namespace,
      ports: await freeSystemPorts(),
      ownBroker: true,
      dropDatabasesOnStop: true,
      env: { AUDIT_CHECKPOINT_EVERY: '10' },
    });
    await flowTwoCases(system);
    const both = await archiveHoldsEveryLedgerEvent(system);
    expect(both.length).toBeGreaterThan(first.length);
    expect(both).toEqual(expect.arrayContaining(first));

    const client = new pg.Client({ connectionString: system.auditDatabase.url });
    await client.connect();
    const [reused] = (
      await client.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM (SELECT topic, kafka_partition, kafka_offset FROM archive WHERE topic NOT LIKE '%.dead-letter' GROUP BY 1, 2, 3 HAVING count(DISTINCT identity) > 1) r",
      )
    ).rows;
    const [conflicts] = (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM archive_conflicts')).rows;
    await client.end();
    expect(reused?.n).toBeGreaterThan(0); // the second run really did reuse the first run's coordinates
    expect(conflicts?.n).toBe(0);

    const run = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, 'verify', '--json', '--grace', '0'], {
      env: { ...process.env, AUDIT_DATABASE_URL: system.auditDatabase.url, TRUST_LIST_FILE: DEV_TRUST_LIST },
    });
    const report = JSON.parse(run.stdout.toString()) as VerificationReport & { checkpointsBroken: number };
    expect(report).toMatchObject({ intact: true, breaks: [], pending: [], checkpointsBroken: 0 });
    expect(run.status).toBe(0);
  });
});
