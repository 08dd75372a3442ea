import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { HEALTH_CONCERNS, inboxTopic } from '@casenet/contracts';
import {
  eventually,
  type FiledReport,
  FlowSteps,
  freePorts,
  freeSystemPorts,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  settledProblems,
  withAdmin,
  TopicReader,
} from '@casenet/testing';
import pg from 'pg';
import { readFileSync } from 'node:fs';

jest.setTimeout(300_000);

const CASES = 8;

/**
 * The referral web under fire, one fault at a time, over a realistic workload (school levels and
 * concerns drawn from the Milan figures): ATS and the court SIGKILLed mid-flow, the court's relay
 * dying between publishing and marking sent, a consumer-group rebalance while consuming, outbox
 * rows committed out of id order, and every processed message redelivered. Afterwards every
 * database is reconciled against the workload.
 */
describe('faults across the referral web', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  let reader: TopicReader;
  const rng = new Rng(4242);
  const filed: FiledReport[] = [];
  const concerns = new Map<string, string>();

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_webfault_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
    reader = new TopicReader(system.kafka);
    await reader.start([system.topicPrefix + inboxTopic('municipality')]);
  });

  afterAll(async () => {
    await reader?.stop();
    await system?.stop();
  });

  const withMigrator = async <T>(agency: 'court' | 'municipality', work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: system.databases[agency].migrationUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };

  it('ATS killed while referrals arrive and again while it answers', async () => {
    for (let i = 0; i < CASES; i += 1) {
      const concern = HEALTH_CONCERNS[rng.int(0, HEALTH_CONCERNS.length - 1)] as string;
      const report = await flow.file(reportFixture(rng, { concerns: [concern, 'harm_to_child'] }));
      filed.push(report);
      concerns.set(report.caseref, concern);
    }
    for (const report of filed) await flow.caseAt(report.caseref, 'screening');
    for (const report of filed) await web.refer(report.caseref, { agency: 'health', concern: concerns.get(report.caseref) as string });
    await system.services.health.kill();
    await system.restart('health');
    const ids = await Promise.all(filed.map((r) => web.received('health', r.caseref)));
    for (const id of ids) await web.health(id, 'accept');
    await system.services.health.kill(); // some answers may still sit in its outbox
    await system.restart('health');
    for (const report of filed) await web.referralAt(report.caseref, 'health', 'accepted');
  });

  it('a consumer-group rebalance while the municipality consumes', async () => {
    const [port] = await freePorts(1);
    const replica = system.services.municipality.replica(port as number, `${system.services.municipality.logFile}.replica`);
    replica.start();
    const ids = await Promise.all(filed.map((r) => web.received('health', r.caseref)));
    for (const id of ids) await web.health(id, 'start'); // answers flow while the group rebalances
    await replica.waitHealthy();
    for (const id of ids) await web.health(id, 'complete', { outcome: 'care_plan_completed' });
    await replica.stop(); // and rebalances back
    for (const report of filed) await web.referralAt(report.caseref, 'health', 'completed');
  });

  it('the court killed mid-flow, and its relay killed between publishing and marking sent', async () => {
    for (const report of filed) await web.refer(report.caseref, { agency: 'court', grounds: 'harm_to_child' });
    const ids = await Promise.all(filed.map((r) => web.received('court', r.caseref)));
    // The prosecutor accepts and petitions (the municipality learns accepted, then in_progress); the court registers.
    for (const [i, id] of ids.entries()) {
      await web.petitioned(id);
      await web.court(id, 'register', { docket: `VG ${500 + i}/2026` });
    }
    await system.services.court.kill();
    await system.restart('court');
    for (const report of filed) await web.referralAt(report.caseref, 'court', 'in_progress');

    // The relay can publish but not mark: every batch goes out, then marking it sent fails.
    await withMigrator('court', async (c) => {
      await c.query(`CREATE FUNCTION refuse_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'fault injected: cannot mark sent'; END $$`);
      await c.query(`CREATE TRIGGER refuse_mark BEFORE UPDATE OF published_at ON outbox FOR EACH ROW EXECUTE FUNCTION refuse_mark()`);
    });
    for (const [i, id] of ids.entries())
      await web.court(id, 'orders', { order: i % 2 === 0 ? 'mandate_level_ii' : 'dismissal', operativePart: 'Affida il minore al Servizio Sociale.' });
    await eventually(
      async () => (reader.messages.filter((m) => m.value?.includes('court.order.issued.v1')).length >= CASES ? true : undefined),
      'the orders on the wire',
    );
    expect(await system.count('court', 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL')).toBeGreaterThan(0);
    await system.services.court.kill();
    await withMigrator('court', (c) => c.query('DROP TRIGGER refuse_mark ON outbox; DROP FUNCTION refuse_mark()'));
    await system.restart('court');
    for (const report of filed) await web.referralAt(report.caseref, 'court', 'completed');
    // Sent more than once on the wire, applied once.
    const sent = reader.messages.filter((m) => m.value?.includes('court.order.issued.v1')).length;
    expect(sent).toBeGreaterThan(CASES);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM mandates')).toBe(CASES);
  });

  it('outbox rows committed out of id order are still published', async () => {
    const held = filed[0] as FiledReport;
    // A lock the forward transaction meets after it has taken its outbox id (the verification request).
    const blocker = new pg.Client({ connectionString: system.databases.municipality.migrationUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE deadlines IN SHARE ROW EXCLUSIVE MODE');
    const forward = system.client('municipality').post(`/screening/cases/${held.caseref}/forward`);
    await eventually(async () => {
      const [row] = await system.query<{ n: number }>(
        'municipality',
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`,
      );
      return (row?.n ?? 0) > 0 ? true : undefined;
    }, 'the forward transaction to wait, holding its outbox id');
    // Later ids commit and go out first.
    const later: FiledReport[] = [];
    for (let i = 0; i < 3; i += 1) later.push(await flow.file(reportFixture(rng)));
    for (const report of later) await flow.schoolSees(report.id, 'received');
    expect((await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [held.caseref])).length).toBe(0);
    await blocker.query('COMMIT');
    await blocker.end();
    expect((await forward).status).toBe(200);
    await flow.schoolSees(held.id, 'verification_requested');
    await eventually(
      async () => (await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [held.caseref]))[0],
      'the held request at police',
    );
    filed.push(...later);
  });

  it('every processed message redelivered changes nothing', async () => {
    const snapshot = async () => ({
      history: await system.count('municipality', 'SELECT count(*)::int AS n FROM case_history'),
      referrals: await system.count('municipality', `SELECT count(*)::int AS n FROM referrals WHERE state = 'completed'`),
      statuses: await system.count('schools', 'SELECT count(*)::int AS n FROM report_status_history'),
      healthHistory: await system.count('health', 'SELECT count(*)::int AS n FROM health_referral_history'),
    });
    const before = await snapshot();
    // The municipality's consumer group starts over from the earliest offset, through the
    // broker's group admin API: every event id arrives once more.
    const topic = system.topicPrefix + inboxTopic('municipality');
    const replay = reader.messages.filter((m) => m.topic === topic && m.value !== null);
    await system.services.municipality.stop();
    await withAdmin(system.kafka.clientConfig, (admin) =>
      admin.resetOffsets({ groupId: `${system.topicPrefix}casenet-municipality-inbox`, topic, earliest: true }),
    );
    await system.restart('municipality');
    const seen = await system.count('municipality', 'SELECT count(*)::int AS n FROM inbox');
    // Each replayed event is recognised as already applied (the inbox logs it) and changes nothing.
    const duplicates = () => readFileSync(system.services.municipality.logFile, 'utf8').split('duplicate event ignored').length - 1;
    await eventually(async () => (duplicates() >= replay.length ? true : undefined), `${replay.length} duplicates to be recognised`, 60_000);
    expect(await system.count('municipality', 'SELECT count(*)::int AS n FROM inbox')).toBe(seen); // every one a duplicate
    const redelivered = replay.length;
    expect(await snapshot()).toEqual(before);
    expect(redelivered).toBeGreaterThan(CASES * 3);
  });

  it('reconciles: nothing lost, nothing doubled, every loop in order', async () => {
    const webCases = filed.slice(0, CASES);
    for (const report of webCases) {
      const whole = await web.case(report.caseref);
      expect(
        whole.referrals
          .filter((r) => r.agency !== 'police')
          .map((r) => [r.agency, r.state])
          .sort(),
      ).toEqual([
        ['court', 'completed'],
        ['health', 'completed'],
      ]);
    }
    const history = await system.query<{ caseref: string; actions: string[] }>(
      'municipality',
      `SELECT c.caseref, array_agg(h.action ORDER BY h.id) AS actions FROM case_history h JOIN cases c ON c.id = h.case_id
        WHERE coalesce(h.detail->>'agency', 'court') IN ('health', 'court') GROUP BY c.caseref`,
    );
    for (const report of webCases) {
      const actions = history.find((h) => h.caseref === report.caseref)?.actions ?? [];
      const webActions = actions.filter((a) => a.startsWith('referral_') || a.startsWith('court_'));
      // Each transition exactly once, in loop order, per agency.
      expect(webActions.filter((a) => a === 'referral_requested')).toHaveLength(2);
      expect(webActions.filter((a) => a === 'referral_accepted')).toHaveLength(2);
      // ATS started its care; the prosecutor petitioned the court (ADR 0021).
      expect(webActions.filter((a) => a === 'referral_in_progress')).toHaveLength(2);
      expect(webActions.filter((a) => a === 'referral_completed')).toHaveLength(2);
      expect(webActions.filter((a) => a.startsWith('court_'))).toHaveLength(1);
    }
    const healthLoops = await system.query<{ states: string[] }>(
      'health',
      'SELECT array_agg(state ORDER BY id) AS states FROM health_referral_history GROUP BY referral_id',
    );
    expect(healthLoops).toHaveLength(CASES);
    for (const { states } of healthLoops) expect(states).toEqual(['requested', 'accepted', 'in_progress', 'completed']);
    expect(await system.count('court', 'SELECT count(*)::int AS n FROM court_orders')).toBe(CASES);
    const statuses = await system.query<{ statuses: string[] }>(
      'schools',
      'SELECT array_agg(status ORDER BY changed_at, id) AS statuses FROM report_status_history GROUP BY report_id',
    );
    expect(statuses).toHaveLength(filed.length);
    for (const { statuses: s } of statuses) expect(s[0]).toBe('received');
    expect(await settledProblems(system)).toEqual([]);
  });
});
