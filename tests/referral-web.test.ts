import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventually, FlowSteps, freeSystemPorts, ReferralSteps, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(180_000);

/**
 * The referral web across the five service processes: one school report fans out to the
 * municipality, police, ATS and the juvenile court, every loop closes, and the school sees
 * its report closed, while each agency keeps to its own part.
 */
describe('referral web, end to end', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const rng = new Rng(20261122);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_web_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('fans one report out to police, ATS and the court, closes every loop, and the school sees it closed', async () => {
    const report = await flow.file(
      reportFixture(rng, { concerns: ['substance_use', 'harm_to_child'], notes: 'Seen with older boys outside school; bruises twice this month.' }),
    );
    const caseref = report.caseref;
    await flow.caseAt(caseref, 'screening');
    await flow.act(caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(caseref, 'confirmed_absent');
    await flow.caseAt(caseref, 'verified');
    await flow.act(caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatrice M. Bianchi' });

    const health = await web.refer(caseref, { agency: 'health', concern: 'substance_use', notes: 'Please assess; the mother agrees.' });
    const court = await web.refer(caseref, { agency: 'court', grounds: 'harm_to_child' });
    expect([health.state, court.state]).toEqual(['requested', 'requested']);
    expect(health.deadlines.map((d) => d.kind)).toEqual(['health.acceptance']);

    // Closing over open loops is refused.
    expect((await system.client('municipality').post(`/cases/${caseref}/close`, { reason: 'resolved' })).status).toBe(409);

    const atHealth = await web.received('health', caseref);
    await web.health(atHealth, 'accept');
    await web.referralAt(caseref, 'health', 'accepted');
    await web.health(atHealth, 'start');
    await web.referralAt(caseref, 'health', 'in_progress');
    await web.health(atHealth, 'complete', { outcome: 'care_plan_completed', clinicalNote: 'SerD: cannabis use, counselling x6, negative tests.' });
    const healthDone = await web.referralAt(caseref, 'health', 'completed');
    expect(healthDone).toMatchObject({ outcome: 'care_plan_completed', deadlines: [{ kind: 'health.acceptance', open: false, overdue: false }] });

    // The court referral reaches the prosecutor first (ADR 0021): accepted for examination, then petitioned to the court.
    const atCourt = await web.received('court', caseref);
    await web.prosecutor(atCourt, 'accept');
    await web.referralAt(caseref, 'court', 'accepted');
    await web.prosecutor(atCourt, 'petition');
    await web.referralAt(caseref, 'court', 'in_progress');
    await web.court(atCourt, 'register', { docket: 'VG 4711/2026' });
    await web.court(atCourt, 'hearing');
    await web.court(atCourt, 'orders', {
      order: 'mandate_level_ii',
      operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano per sostegno educativo.',
      judicialNote: 'Relazione del PM: maltrattamenti in famiglia, fascicolo penale collegato.',
    });
    await web.referralAt(caseref, 'court', 'completed');
    const mandate = await web.mandateAt(caseref, 'awaiting_acknowledgement');
    expect(mandate.operativePart).toMatch(/Servizio Sociale/);
    expect((await web.case(caseref)).careLevel).toBe('II');

    await web.post('municipality', `/mandates/${mandate.orderId}/acknowledge`, undefined, 200);
    await web.post('municipality', `/mandates/${mandate.orderId}/report`, { status: 'care_started', report: 'Weekly meetings with the family.' }, 200);
    await web.post('municipality', `/mandates/${mandate.orderId}/report`, { status: 'care_completed', report: 'Back in class since March.' }, 200);
    await eventually(async () => {
      const rows = await system.query<{ mandate_state: string }>('court', 'SELECT mandate_state FROM court_orders WHERE proceeding_id = $1', [atCourt]);
      return rows[0]?.mandate_state === 'care_completed' ? true : undefined;
    }, 'the court to see the mandate completed');

    await flow.act(caseref, '/cases/:caseref/close', { reason: 'resolved' });
    const seen = await flow.schoolSees(report.id, 'closed');
    expect(seen.history.map((h) => h.status)).toEqual(['received', 'verification_requested', 'verification_completed', 'taken_in_charge', 'closed']);

    // The coordinator sees the whole web; every loop is closed.
    const whole = await web.case(caseref);
    expect(whole.referrals.map((r) => [r.agency, r.state]).sort()).toEqual([
      ['court', 'completed'],
      ['health', 'completed'],
      ['police', 'completed'],
    ]);

    // Each agency keeps its own part: health and judicial detail never leave, the school gets codes only.
    const everything = async (agency: 'schools' | 'municipality' | 'police' | 'health' | 'court') =>
      JSON.stringify(await system.query(agency, `SELECT to_jsonb(t) FROM (SELECT table_name FROM information_schema.tables WHERE table_schema = 'public') t`)) +
      JSON.stringify(await system.query(agency, `SELECT * FROM outbox`));
    const municipalityView = JSON.stringify(await web.case(caseref));
    for (const secret of ['cannabis', 'maltrattamenti', 'VG 4711/2026']) expect(municipalityView).not.toContain(secret);
    expect(await everything('municipality')).not.toMatch(/cannabis|maltrattamenti|VG 4711/);
    const schoolView = JSON.stringify((await system.school(report.school.code).get(`/reports/${report.id}`)).body);
    for (const leak of ['health', 'court', 'mandate', 'Servizio Sociale']) expect(schoolView).not.toContain(leak);
    // ATS sees its own link only: nothing about the court; the court nothing about ATS.
    const healthView = JSON.stringify((await system.client('health').get(`/referrals/${atHealth}`)).body);
    expect(healthView).toContain('cannabis');
    expect(healthView).not.toMatch(/harm_to_child|VG 4711|Servizio Sociale/);
    const courtView = JSON.stringify((await system.client('court').get(`/proceedings/${atCourt}`)).body);
    expect(courtView).not.toMatch(/substance_use|cannabis|care_plan_completed/);
    expect(await system.count('police', `SELECT count(*)::int AS n FROM verification_requests WHERE caseref = $1`, [caseref])).toBe(1);
  });

  it('takes a police drug signal as grounds for a health referral, and hears back a decline', async () => {
    const fixture = reportFixture(rng);
    const report = await flow.file(fixture);
    await flow.caseAt(report.caseref, 'screening');
    // Without a concern on the case there are no grounds yet.
    expect((await system.client('municipality').post(`/cases/${report.caseref}/referrals`, { agency: 'health', concern: 'substance_use' })).status).toBe(409);

    const recorded = await system.client('police').post<{ caseref: string }>('/drug-events', {
      pupil: { ...fixture.pupil, taxCode: fixture.pupil.taxCode.toLowerCase() },
      kind: 'possession_for_personal_use',
      municipio: 2,
      occurredAt: '2026-11-20T08:15:00Z',
      note: 'Found near the school gate with a classmate.',
    });
    expect(recorded.status).toBe(201);
    await eventually(async () => ((await web.case(report.caseref)).drugSignals.length === 1 ? true : undefined), 'the drug signal on the case');

    await web.refer(report.caseref, { agency: 'health', concern: 'substance_use' });
    const atHealth = await web.received('health', report.caseref);
    await web.health(atHealth, 'decline', { reason: 'family_refused' });
    const declined = await web.referralAt(report.caseref, 'health', 'declined');
    expect(declined.declineReason).toBe('family_refused');
    // The officers' note stays with police.
    expect(JSON.stringify(await web.case(report.caseref))).not.toContain('school gate');

    await flow.act(report.caseref, '/cases/:caseref/close', { reason: 'other' });
    await flow.schoolSees(report.id, 'closed');
  });

  it('withdraws a referral; the agency sees it withdrawn and can no longer act on it', async () => {
    const report = await flow.file(reportFixture(rng, { concerns: ['bullying'] }));
    await flow.caseAt(report.caseref, 'screening');
    const referral = await web.refer(report.caseref, { agency: 'health', concern: 'bullying' });
    // One active loop per agency.
    expect((await system.client('municipality').post(`/cases/${report.caseref}/referrals`, { agency: 'health', concern: 'bullying' })).status).toBe(409);
    const atHealth = await web.received('health', report.caseref);
    await web.post('municipality', `/cases/${report.caseref}/referrals/${referral.referralId}/withdraw`, { reason: 'resolved' }, 200);
    await eventually(async () => {
      const rows = await system.query<{ state: string }>('health', 'SELECT state FROM health_referrals WHERE id = $1', [atHealth]);
      return rows[0]?.state === 'withdrawn' ? true : undefined;
    }, 'ATS to see the referral withdrawn');
    expect((await system.client('health').post(`/referrals/${atHealth}/accept`)).status).toBe(409);
    await flow.act(report.caseref, '/cases/:caseref/close', { reason: 'resolved' });
  });

  it('refers persistent evasion to the court only after police confirmed the absence; the prosecutor can decline', async () => {
    const report = await flow.file(reportFixture(rng));
    await flow.caseAt(report.caseref, 'screening');
    expect((await system.client('municipality').post(`/cases/${report.caseref}/referrals`, { agency: 'court', grounds: 'persistent_evasion' })).status).toBe(
      409,
    );
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(report.caseref, 'confirmed_absent');
    await flow.caseAt(report.caseref, 'verified');
    await web.refer(report.caseref, { agency: 'court', grounds: 'persistent_evasion' });
    const atCourt = await web.received('court', report.caseref);
    await web.prosecutor(atCourt, 'decline', { reason: 'insufficient_grounds' });
    expect((await web.referralAt(report.caseref, 'court', 'declined')).declineReason).toBe('insufficient_grounds');
    // No dead letters anywhere: every event of the web was accepted by its recipient.
    for (const agency of ['schools', 'municipality', 'police', 'health', 'court'] as const) {
      expect(await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
    }
  });
});
