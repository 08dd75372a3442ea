import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency, inboxTopic } from '@casenet/contracts';
import {
  devToken,
  eventually,
  FIXTURE_SCHOOL_CODES,
  FlowSteps,
  freeSystemPorts,
  type KindOf,
  kindReportFixture,
  produceRaw,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
} from '@casenet/testing';

jest.setTimeout(300_000);

const DAY = 86_400_000;

/**
 * Beyond capacity every API answers 503 with Retry-After, never another 5xx, operators still
 * read /health and /metrics, and nothing accepted is lost (ADR 0028). A pool of 3 and small
 * bounds make overload cheap to reach on two cores.
 */
describe('overload answered, and the operational metrics', () => {
  let system: RunningSystem;
  const rng = new Rng(16);

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_overload_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
      env: {
        LOG_LEVEL: 'warn',
        DATABASE_POOL_MAX: '3',
        SHED_MAX_INFLIGHT_WRITES: '6',
        SHED_MAX_POOL_WAITING: '4',
        SHED_RETRY_AFTER_SECONDS: '2',
        // No poller: the deadline backlog stays until the test reads it.
        DEADLINE_POLL_INTERVAL_MS: '0',
      },
    });
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function metrics(agency: Agency): Promise<{ status: number; value: (name: string, labels?: string) => number }> {
    const response = await fetch(`${system.services[agency].baseUrl}/metrics`, { headers: { authorization: `Bearer ${await devToken(agency, ['auditor'])}` } });
    const text = await response.text();
    const value = (name: string, labels = '') => {
      const escaped = `${name}${labels ? `{${labels}}` : ''}`.replace(/[{}"]/g, '\\$&');
      return Number(new RegExp(`^${escaped} ([0-9.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
    };
    return { status: response.status, value };
  }

  it('publishes dead letters, consumer lag, deadline backlog, round trips and sheds, and they move', async () => {
    for (const agency of AGENCIES) {
      const before = await metrics(agency);
      expect(before.status).toBe(200);
      expect(before.value('casenet_dead_letters')).toBe(0);
      expect(before.value('casenet_deadline_backlog')).toBe(0);
      expect(before.value('casenet_outbox_lag_seconds')).toBeGreaterThanOrEqual(0);
      expect(before.value('casenet_http_shed_total', 'reason="in_flight_writes"')).toBe(0);
      expect(before.value('casenet_db_queries_total', 'pool="service"')).toBeGreaterThan(0);
      expect(before.value('casenet_db_pool_connections', 'pool="service",state="waiting"')).toBe(0);
    }

    // Round trips: filing a report costs the schools service queries on its database and the key vault.
    const schoolsBefore = await metrics('schools');
    const flow = new FlowSteps(system);
    const report = await flow.file(reportFixture(rng, { concerns: ['bullying'] }));
    const schoolsAfter = await metrics('schools');
    expect(schoolsAfter.value('casenet_db_queries_total', 'pool="service"')).toBeGreaterThan(schoolsBefore.value('casenet_db_queries_total', 'pool="service"'));
    expect(schoolsAfter.value('casenet_db_queries_total', 'pool="key_vault"')).toBeGreaterThan(
      schoolsBefore.value('casenet_db_queries_total', 'pool="key_vault"'),
    );

    // Consumer lag: the municipality's inbox group has read what reached it.
    await flow.caseAt(report.caseref, 'screening');
    const lag = await eventually(async () => {
      const m = await metrics('municipality');
      const values = [0, 1, 2, 3].map((p) => m.value('casenet_inbox_consumer_lag', `partition="${p}"`)).filter((v) => !Number.isNaN(v));
      return values.length > 0 && values.every((v) => v === 0) ? values : undefined;
    }, 'the municipality consumer lag at 0');
    expect(lag.length).toBeGreaterThan(0);

    // A dead letter moves the gauge.
    await produceRaw(system.kafka, system.topicPrefix + inboxTopic('municipality'), [{ key: 'CR-POISON', value: '{"id": "truncated' }]);
    await eventually(async () => ((await metrics('municipality')).value('casenet_dead_letters') === 1 ? true : undefined), 'casenet_dead_letters at 1');

    // A referral's reminder falls due with no poller to handle it: the backlog shows it.
    const referral = await new ReferralSteps(system).refer(report.caseref, { agency: 'health', concern: 'bullying' });
    expect(referral.deadlines).toHaveLength(1);
    expect((await metrics('municipality')).value('casenet_deadline_backlog')).toBe(0);
    system.advanceClock(4.2 * DAY); // past the reminder (a day before it is due), not yet due
    const due = await eventually(async () => {
      const m = await metrics('municipality');
      return m.value('casenet_deadline_backlog') === 1 ? m : undefined;
    }, 'casenet_deadline_backlog at 1');
    expect(due.value('casenet_deadline_backlog_oldest_seconds')).toBeGreaterThan((0.1 * DAY) / 1000);
  });

  it('answers a flood of reports 201, its 4xx or 503 with Retry-After, keeps /health and /metrics readable, and loses no accepted report', async () => {
    const tokens = new Map(
      await Promise.all(FIXTURE_SCHOOL_CODES.map(async (code) => [code, await devToken('schools', ['integration'], { schoolCodes: [code] })] as const)),
    );
    const reportsBefore = await system.count('schools', 'SELECT count(*)::int AS n FROM reports');
    const shedBefore = await shedTotal();

    // Operators' reads while the flood runs: every one must be answered, and answered 200.
    let flooding = true;
    const operatorReads: { path: string; status: number }[] = [];
    const operator = (async () => {
      const auditor = `Bearer ${await devToken('schools', ['auditor'])}`;
      while (flooding) {
        for (const path of ['/health', '/metrics']) {
          const status = await fetch(`${system.services.schools.baseUrl}${path}`, {
            headers: { authorization: auditor },
            signal: AbortSignal.timeout(10_000),
          }).then(
            (r) => r.text().then(() => r.status),
            () => 0,
          );
          operatorReads.push({ path, status });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();

    // Far more callers than the bound, each sending again as soon as it is answered (no one honours Retry-After).
    const answers: { request: FloodRequest; status: number; retryAfter: string | null; type?: unknown; id?: string; caseref?: string }[] = [];
    // At least 900 requests, and on until every class of request was answered on its merits (a shed one proves nothing of its class).
    let sent = 0;
    const merits = new Set<string>();
    const next = () => (sent < 900 || (merits.size < KINDS_OF_REQUEST.length && sent < 5_000) ? ((sent += 1), floodRequest(rng, tokens)) : undefined);
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let request = next(); request; request = next()) {
          const response = await fetch(`${system.services.schools.baseUrl}/reports`, {
            method: 'POST',
            headers: { authorization: `Bearer ${request.token}`, 'content-type': request.contentType },
            body: request.body,
          }).catch((error: unknown) => ({ status: 0, headers: new Headers(), text: async () => String(error) }));
          const text = await response.text();
          const body = (text.startsWith('{') ? JSON.parse(text) : {}) as { id?: string; caseref?: string; type?: unknown };
          if (response.status !== 503) merits.add(request.kind);
          answers.push({
            request,
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            type: body.type,
            id: body.id,
            caseref: body.caseref,
          });
        }
      }),
    );
    flooding = false;
    await operator;

    const statuses = countBy(answers.map((a) => `${a.request.kind}:${a.status}`));
    const shedBy = await shedByReason();
    process.stderr.write(
      `flood: ${answers.length} requests; answers by kind and status ${JSON.stringify(statuses)}; shed by reason ${JSON.stringify(shedBy)}\n`,
    );
    // The flood reached the bound, and the service took some of it.
    const shed = answers.filter((a) => a.status === 503);
    const accepted = answers.filter((a) => a.status === 201);
    expect({ shed: shed.length > 0, accepted: accepted.length > 0 }).toEqual({ shed: true, accepted: true });
    // Each answer is what its request deserves, or a 503: never a 500, never a dropped connection.
    for (const answer of answers) {
      if (answer.status !== 503) expect(`${answer.request.kind}:${answer.status}`).toBe(`${answer.request.kind}:${answer.request.expected}`);
    }
    expect(Object.keys(statuses).filter((s) => /:(0|5\d\d)$/.test(s) && !s.endsWith(':503'))).toEqual([]);
    for (const answer of shed) {
      expect(answer.retryAfter).toBe('2');
      expect(answer.type).toBe('urn:casenet:problem:overloaded');
    }
    // Every class of request was answered on its merits at least once, not only shed.
    expect([...new Set(answers.filter((a) => a.status !== 503).map((a) => a.request.kind))].sort()).toEqual([...KINDS_OF_REQUEST].sort());

    // Operators could read throughout.
    expect(operatorReads.filter((r) => r.path === '/health').length).toBeGreaterThan(1);
    expect(operatorReads.filter((r) => r.status !== 200)).toEqual([]);
    expect((await shedTotal()) - shedBefore).toBe(shed.length);

    // Nothing accepted is lost, and nothing refused was kept.
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM reports')).toBe(reportsBefore + accepted.length);
    const atSchools = new Map(
      (await system.query<{ id: string; caseref: string }>('schools', 'SELECT id, caseref FROM reports WHERE id = ANY($1)', [accepted.map((a) => a.id)])).map(
        (r) => [r.id, r.caseref],
      ),
    );
    expect(accepted.filter((a) => atSchools.get(a.id ?? '') !== a.caseref)).toEqual([]);
    const caserefs = accepted.map((a) => a.caseref);
    const reached = await eventually(
      async () => {
        const rows = await system.query<{ report_caseref: string }>('municipality', 'SELECT report_caseref FROM case_reports WHERE report_caseref = ANY($1)', [
          caserefs,
        ]);
        return rows.length === caserefs.length ? rows : undefined;
      },
      `all ${caserefs.length} accepted reports at the municipality`,
      120_000,
    );
    expect(new Set(reached.map((r) => r.report_caseref))).toEqual(new Set(caserefs));
  });

  async function shedByReason(): Promise<Record<string, number>> {
    const m = await metrics('schools');
    return Object.fromEntries(
      ['in_flight_writes', 'pool_waiting', 'pool_exhausted'].map((reason) => [reason, m.value('casenet_http_shed_total', `reason="${reason}"`)]),
    );
  }

  async function shedTotal(): Promise<number> {
    return Object.values(await shedByReason()).reduce((sum, n) => sum + n, 0);
  }
});

interface FloodRequest {
  kind: string;
  token: string;
  contentType: string;
  body: string;
  expected: number;
}

const KINDS_OF_REQUEST = ['absence', 'other-kind', 'missing-field', 'bad-tax-code', 'malformed', 'form-encoded', 'other-school'];
const REPORT_KINDS: KindOf[] = ['bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child'];

/** One request of the flood: valid reports of every kind, and the invalid ones a busy intake also gets. */
function floodRequest(rng: Rng, tokens: Map<string, string>): FloodRequest {
  const json = 'application/json';
  const roll = rng.next();
  const absence = reportFixture(rng, rng.next() < 0.2 ? { concerns: ['bullying'] } : {});
  const token = tokens.get(absence.school.code) ?? '';
  if (roll < 0.45) return { kind: 'absence', token, contentType: json, body: JSON.stringify(absence), expected: 201 };
  if (roll < 0.65) {
    const other = kindReportFixture(rng, rng.pick(REPORT_KINDS));
    return { kind: 'other-kind', token: tokens.get(other.school.code) ?? '', contentType: json, body: JSON.stringify(other), expected: 201 };
  }
  if (roll < 0.73) {
    const { pupil, ...rest } = absence;
    return { kind: 'missing-field', token, contentType: json, body: JSON.stringify({ ...rest, pupil: { ...pupil, taxCode: undefined } }), expected: 400 };
  }
  if (roll < 0.81)
    return {
      kind: 'bad-tax-code',
      token,
      contentType: json,
      body: JSON.stringify({ ...absence, pupil: { ...absence.pupil, taxCode: 'RSSMRA85T10A562X' } }),
      expected: 400,
    };
  if (roll < 0.88) return { kind: 'malformed', token, contentType: json, body: JSON.stringify(absence).slice(0, 40), expected: 400 };
  if (roll < 0.94) return { kind: 'form-encoded', token, contentType: 'application/x-www-form-urlencoded', body: 'pupil=x', expected: 415 };
  const elsewhere = FIXTURE_SCHOOL_CODES.find((code) => code !== absence.school.code) ?? '';
  return { kind: 'other-school', token: tokens.get(elsewhere) ?? '', contentType: json, body: JSON.stringify(absence), expected: 403 };
}

function countBy(keys: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}
