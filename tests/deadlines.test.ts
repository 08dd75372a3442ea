import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventually, FlowSteps, freeSystemPorts, ReferralSteps, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(180_000);

const DAY = 86_400_000;

/**
 * Deadlines are durable timers in each service's database. The services share a clock the test
 * moves forward; the timer fires in a service that was down when its moment came, once it is back.
 */
describe('referral deadlines, with the clock moved forward', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const rng = new Rng(5);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_deadlines_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('reminds, then escalates a referral ATS has not answered, across a municipality restart', async () => {
    const report = await flow.file(reportFixture(rng, { concerns: ['bullying'] }));
    await flow.caseAt(report.caseref, 'screening');
    const referral = await web.refer(report.caseref, { agency: 'health', concern: 'bullying' });
    const atHealth = await web.received('health', report.caseref);
    expect(referral.deadlines).toEqual([expect.objectContaining({ kind: 'health.acceptance', state: 'pending', open: true, overdue: false })]);

    system.advanceClock(4.2 * DAY); // past the reminder (1 day before), not yet due
    const reminded = await eventually(async () => {
      const r = (await web.case(report.caseref)).referrals.find((x) => x.agency === 'health');
      return r?.deadlines[0]?.state === 'reminded' ? r : undefined;
    }, 'the reminder');
    expect(reminded.overdue).toBe(false);

    // The deadline passes while the municipality is down.
    await system.services.municipality.kill();
    system.advanceClock(1 * DAY);
    await system.restart('municipality');

    const overdue = await eventually(async () => {
      const list = await system.client('municipality').get<{ items: { referralId: string }[] }>('/referrals?overdue=true&agency=health');
      return list.body.items.find((r) => r.referralId === referral.referralId);
    }, 'the referral in the overdue worklist');
    expect(overdue).toBeDefined();
    // The case worklist flags the case, and filters by it.
    const cases = async (query: string) =>
      (await system.client('municipality').get<{ items: { caseref: string; overdue: boolean }[] }>(`/cases?limit=200&${query}`)).body.items;
    expect((await cases('overdue=true')).find((c) => c.caseref === report.caseref)).toMatchObject({ overdue: true });
    expect((await cases('overdue=false')).map((c) => c.caseref)).not.toContain(report.caseref);
    expect((await cases('overdue=true')).every((c) => c.overdue)).toBe(true);
    expect((await web.case(report.caseref)).overdue).toBe(true);
    // ATS is told, and its worklist flags the referral.
    await eventually(async () => {
      const list = await system.client('health').get<{ items: { id: string }[] }>('/referrals?overdue=true');
      return list.body.items.find((r) => r.id === atHealth);
    }, 'ATS to see the referral overdue');
    const history = await system.query<{ action: string }>(
      'municipality',
      `SELECT h.action FROM case_history h JOIN cases c ON c.id = h.case_id WHERE c.caseref = $1 ORDER BY h.id`,
      [report.caseref],
    );
    expect(history.map((h) => h.action).filter((a) => a === 'referral_overdue')).toHaveLength(1); // escalated once, not on every poll

    // A late answer stops the timer; the breach stays on record.
    await web.health(atHealth, 'accept');
    const accepted = await web.referralAt(report.caseref, 'health', 'accepted');
    expect(accepted.deadlines).toEqual([expect.objectContaining({ state: 'met', open: false, overdue: false, breachedAt: expect.any(String) })]);
    expect(accepted.overdue).toBe(false);
    expect((await cases('overdue=false')).find((c) => c.caseref === report.caseref)).toMatchObject({ overdue: false });
  });

  it('escalates an unacknowledged court mandate at the court and at the municipality, across a court restart', async () => {
    const report = await flow.file(reportFixture(rng, { concerns: ['harm_to_child'] }));
    await flow.caseAt(report.caseref, 'screening');
    await web.refer(report.caseref, { agency: 'court', grounds: 'harm_to_child' });
    const atCourt = await web.petitioned(await web.received('court', report.caseref));
    await web.court(atCourt, 'register', { docket: 'VG 77/2026' });
    await web.court(atCourt, 'orders', { order: 'mandate_level_ii', operativePart: 'Affida il minore al Servizio Sociale.' });
    const mandate = await web.mandateAt(report.caseref, 'awaiting_acknowledgement');

    await system.services.court.kill();
    system.advanceClock(11 * DAY); // the mandate had 10 days
    await system.restart('court');

    await eventually(async () => {
      const list = await system.client('court').get<{ items: { id: string }[] }>('/orders?overdue=true');
      return list.body.items.find((o) => o.id === mandate.orderId);
    }, 'the court to flag the unacknowledged mandate');
    await eventually(async () => {
      const list = await system.client('municipality').get<{ items: { orderId: string }[] }>('/mandates?overdue=true');
      return list.body.items.find((o) => o.orderId === mandate.orderId);
    }, 'the municipality to flag its own overdue acknowledgement');

    await web.post('municipality', `/mandates/${mandate.orderId}/acknowledge`, undefined, 200);
    await eventually(async () => {
      const list = await system.client('court').get<{ items: { id: string }[] }>('/orders?overdue=false');
      return list.body.items.find((o) => o.id === mandate.orderId);
    }, 'the court to see the mandate acknowledged');
    expect((await system.client('municipality').get<{ items: unknown[] }>('/mandates?overdue=true')).body.items).toHaveLength(0);
  });
});
