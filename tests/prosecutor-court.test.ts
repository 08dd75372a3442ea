import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { eventually, FlowSteps, freeSystemPorts, ReferralSteps, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(240_000);

const DAY = 86_400_000;

interface ProsecutorFileBody {
  id: string;
  state: string;
  outcome: string | null;
  archiveReason: string | null;
  prosecutorNote: string | null;
  history: { action: string }[];
}

interface CourtInvestigationBody {
  id: string;
  state: string;
  questions: string | null;
  report: string | null;
  reportBy: string;
  overdue: boolean;
  deadlines: { kind: string; state: string; open: boolean; overdue: boolean; breachedAt: string | null }[];
}

/**
 * The juvenile prosecutor and the court across the separate service processes (ADR 0021): a
 * municipality's court referral reaches the prosecutor's desk, which archives it or petitions the
 * court; the court asks social services for a psychosocial investigation (a loop with a default
 * deadline) and then issues its order. The municipality follows every step as a referral state,
 * and learns nothing of either file beyond what it must do.
 */
describe('the prosecutor and the court, end to end', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const rng = new Rng(20261213);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_justice_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const prosecutor = () => system.client('court', ['prosecutor']);

  /** A harm report, screened, referred to the court: resolves with the caseref and the prosecutor's file id. */
  async function referHarm(): Promise<{ caseref: string; reportId: string; schoolCode: string; fileId: string }> {
    const report = await flow.file(reportFixture(rng, { concerns: ['harm_to_child'], notes: 'Lividi ricorrenti; il minore riferisce percosse.' }));
    await flow.caseAt(report.caseref, 'screening');
    const referral = await web.refer(report.caseref, { agency: 'court', grounds: 'harm_to_child', notes: 'Segnalazione di pregiudizio della scuola.' });
    expect(referral).toMatchObject({ state: 'requested', stage: 'with_prosecutor' });
    const fileId = await web.received('court', report.caseref);
    expect(fileId).toBe(referral.referralId);
    return { caseref: report.caseref, reportId: report.id, schoolCode: report.school.code, fileId };
  }

  /** Every table of an agency and its outbox, as text: what it holds, whatever the view shows. */
  const everything = async (agency: 'municipality' | 'court' | 'schools') =>
    JSON.stringify(await system.query(agency, `SELECT * FROM case_history`).catch(() => [])) +
    JSON.stringify(await system.query(agency, `SELECT * FROM outbox`));

  it('archive path: the prosecutor examines and archives; the municipality learns accepted, then archived, and nothing of why', async () => {
    const { caseref, fileId, reportId, schoolCode } = await referHarm();

    // Each desk keeps to its own file: the court's staff cannot act on (or read) the prosecutor's, nor the prosecutor on the court's.
    expect((await system.client('court').post(`/prosecutor-files/${fileId}/accept`)).status).toBe(403);
    expect((await system.client('court').get(`/prosecutor-files/${fileId}`)).status).toBe(403);
    expect((await prosecutor().get('/proceedings')).status).toBe(403);
    // Nothing is before the court: no proceeding exists until a petition.
    expect((await system.client('court').get(`/proceedings/${fileId}`)).status).toBe(404);

    // Archiving needs an examination first.
    expect((await prosecutor().post(`/prosecutor-files/${fileId}/archive`, { reason: 'no_prejudice_found' })).status).toBe(409);
    const worklist = (await prosecutor().get<{ items: { id: string; state: string }[] }>('/prosecutor-files?state=requested')).body.items;
    expect(worklist.map((f) => f.id)).toContain(fileId);

    await web.prosecutor(fileId, 'accept');
    expect(await web.referralAt(caseref, 'court', 'accepted')).toMatchObject({ stage: 'under_examination' });
    const note = 'Gli accertamenti escludono il pregiudizio; il nucleo è seguito dai servizi.';
    const archived = (await web.prosecutor(fileId, 'archive', { reason: 'resolved_by_services', note })) as ProsecutorFileBody;
    expect(archived).toMatchObject({ state: 'completed', outcome: 'archived', archiveReason: 'resolved_by_services', prosecutorNote: note });
    expect(archived.history.map((h) => h.action)).toEqual(['received', 'accepted_for_examination', 'archived']);

    const done = await web.referralAt(caseref, 'court', 'completed');
    expect(done).toMatchObject({
      outcome: 'archived',
      stage: 'archived',
      deadlines: [{ kind: 'court.acceptance', state: 'met', open: false, overdue: false }],
    });
    expect(await system.count('court', 'SELECT count(*)::int AS n FROM proceedings WHERE caseref = $1', [caseref])).toBe(0);

    // The prosecutor's reasons stay with the prosecutor: not in the municipality's views nor its database.
    const municipalityView = JSON.stringify(await web.case(caseref));
    for (const secret of ['resolved_by_services', 'accertamenti']) expect(municipalityView).not.toContain(secret);
    expect(await everything('municipality')).not.toMatch(/resolved_by_services|accertamenti/);
    // The school sees its own report's status codes and nothing of the prosecutor.
    const schoolView = JSON.stringify((await system.school(schoolCode).get(`/reports/${reportId}`)).body);
    for (const leak of ['court', 'prosecutor', 'archived']) expect(schoolView).not.toContain(leak);

    // Every loop is closed: the case can close.
    await flow.act(caseref, '/cases/:caseref/close', { reason: 'resolved' });
  });

  it('petition path: the court registers the petition, asks social services for an investigation, and orders on its report', async () => {
    const { caseref, fileId } = await referHarm();
    await web.prosecutor(fileId, 'accept');
    await web.prosecutor(fileId, 'petition', { note: 'Si chiede l’apertura di un procedimento de potestate.' });
    expect(await web.referralAt(caseref, 'court', 'in_progress')).toMatchObject({ stage: 'petitioned' });

    // The court's registry has the petition under the same id, without the prosecutor's note.
    const petition = (await system.client('court').get<{ state: string; petitionedAt: string | null }>(`/proceedings/${fileId}`)).body;
    expect(petition).toMatchObject({ state: 'requested', petitionedAt: expect.any(String) });
    expect(JSON.stringify(petition)).not.toContain('de potestate');
    // Registering is the court's own step: the municipality's referral stays petitioned.
    await web.court(fileId, 'register', { docket: 'VG 2113/2026' });

    const questions = 'Condizioni del nucleo familiare, frequenza scolastica, rete di supporto; capacità genitoriali.';
    const requested = await web.requestInvestigation(fileId, questions);
    const reportBy = Date.parse(requested.reportBy);
    expect(Math.abs(reportBy - (Date.now() + 60 * DAY))).toBeLessThan(DAY); // the default duration, configurable by DEADLINES
    expect((await system.client('court').post(`/proceedings/${fileId}/investigations`, { questions: 'Ancora.' })).status).toBe(409);

    // Social services see what to investigate and by when, with their own deadline; nothing else of the file.
    const received = await web.investigationAt(caseref, 'requested');
    expect(received).toMatchObject({ referralId: fileId, questions, reportBy: requested.reportBy, reportSent: false, overdue: false });
    expect(received.deadlines).toEqual([expect.objectContaining({ kind: 'investigation.report', open: true, overdue: false, dueAt: requested.reportBy })]);
    expect(JSON.stringify(await web.case(caseref))).not.toMatch(/VG 2113|de potestate/);
    // A case cannot close over the open investigation (nor the referral).
    expect((await system.client('municipality').post(`/cases/${caseref}/close`, { reason: 'resolved' })).status).toBe(409);

    // The court decides on the report, not before it.
    expect((await system.client('court').post(`/proceedings/${fileId}/orders`, { order: 'dismissal' })).status).toBe(409);

    await web.post('municipality', `/investigations/${received.investigationId}/accept`, undefined, 200);
    await eventually(async () => {
      const view = (await system.client('court').get<CourtInvestigationBody>(`/investigations/${requested.id}`)).body;
      return view.state === 'accepted' ? true : undefined;
    }, 'the court to see the investigation taken on');
    const report = 'Nucleo monoparentale; la madre collabora; si propone un sostegno educativo domiciliare con affido al servizio sociale.';
    const sent = await web.post<{ state: string; reportSent: boolean }>(
      'municipality',
      `/investigations/${received.investigationId}/complete`,
      { report },
      200,
    );
    expect(sent).toMatchObject({ state: 'completed', reportSent: true });
    expect(JSON.stringify(sent)).not.toContain('monoparentale');

    const atCourt = await eventually(async () => {
      const view = (await system.client('court').get<CourtInvestigationBody>(`/investigations/${requested.id}`)).body;
      return view.state === 'completed' ? view : undefined;
    }, 'the report at the court');
    expect(atCourt).toMatchObject({ questions, report, overdue: false });
    expect(atCourt.deadlines).toEqual([expect.objectContaining({ kind: 'investigation.report', state: 'met', open: false })]);
    const [stored] = await system.query<{ report: string }>('court', 'SELECT report FROM investigations WHERE id = $1', [requested.id]);
    expect(stored?.report).toMatch(/^sealed:v1:/);
    // Only the court reads the report: the municipality keeps that it was sent, not what it said.
    expect(JSON.stringify(await web.case(caseref))).not.toContain('monoparentale');
    expect(JSON.stringify(await system.query('municipality', 'SELECT * FROM investigations'))).not.toContain('monoparentale');
    expect(JSON.stringify(await system.query('municipality', 'SELECT * FROM case_history'))).not.toContain('monoparentale');

    await web.court(fileId, 'hearing');
    await web.court(fileId, 'orders', {
      order: 'mandate_level_ii',
      operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano.',
      judicialNote: 'Relazione dei servizi acquisita.',
    });
    expect(await web.referralAt(caseref, 'court', 'completed')).toMatchObject({ outcome: 'mandate_level_ii', stage: 'order_issued' });
    const mandate = await web.mandateAt(caseref, 'awaiting_acknowledgement');
    expect(mandate.operativePart).toMatch(/Servizio Sociale/);
    // The prosecutor's file closes with the court's order.
    const file = (await prosecutor().get<ProsecutorFileBody>(`/prosecutor-files/${fileId}`)).body;
    expect(file).toMatchObject({ state: 'completed', outcome: 'mandate_level_ii' });
    expect(file.history.map((h) => h.action)).toEqual(['received', 'accepted_for_examination', 'petitioned', 'court_decided']);
    const proceeding = (await system.client('court').get<{ history: { action: string }[]; investigations: { id: string }[] }>(`/proceedings/${fileId}`)).body;
    expect(proceeding.history.map((h) => h.action)).toEqual([
      'petition_received',
      'registered',
      'investigation_requested',
      'investigation_accepted',
      'investigation_completed',
      'hearing_opened',
      'order_issued',
    ]);
    expect(proceeding.investigations.map((i) => i.id)).toEqual([requested.id]);
    for (const agency of ['municipality', 'court'] as const) expect(await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters')).toBe(0);
  });

  it('withdrawing a petitioned referral ends the proceeding and its open investigation on both sides', async () => {
    const { caseref, fileId } = await referHarm();
    await web.petitioned(fileId);
    await web.court(fileId, 'register', { docket: 'VG 2114/2026' });
    const requested = await web.requestInvestigation(fileId, 'Situazione abitativa e scolastica.');
    const received = await web.investigationAt(caseref, 'requested');
    const referral = await web.referralAt(caseref, 'court', 'in_progress');
    await web.post('municipality', `/cases/${caseref}/referrals/${referral.referralId}/withdraw`, { reason: 'moved_away' }, 200);

    const withdrawn = (await web.case(caseref)).investigations.find((i) => i.investigationId === received.investigationId);
    expect(withdrawn).toMatchObject({ state: 'withdrawn', deadlines: [expect.objectContaining({ state: 'cancelled', open: false })] });
    await eventually(async () => {
      const view = (await system.client('court').get<CourtInvestigationBody>(`/investigations/${requested.id}`)).body;
      return view.state === 'withdrawn' ? true : undefined;
    }, 'the court to withdraw its investigation');
    expect((await system.client('court').get<{ state: string }>(`/proceedings/${fileId}`)).body.state).toBe('withdrawn');
    expect((await prosecutor().get<{ state: string }>(`/prosecutor-files/${fileId}`)).body.state).toBe('withdrawn');
    expect((await system.client('municipality').post(`/investigations/${received.investigationId}/complete`, { report: 'Tardi.' })).status).toBe(409);
    await flow.act(caseref, '/cases/:caseref/close', { reason: 'other' });
  });

  it('investigation deadline: with the clock moved past the default, both worklists flag the report overdue, across a restart; a late report settles it', async () => {
    const { caseref, fileId } = await referHarm();
    await web.petitioned(fileId);
    await web.court(fileId, 'register', { docket: 'VG 2115/2026' });
    const requested = await web.requestInvestigation(fileId, 'Condizioni del nucleo e frequenza scolastica.');
    const received = await web.investigationAt(caseref, 'requested');
    await web.post('municipality', `/investigations/${received.investigationId}/accept`, undefined, 200);

    // The report's due date passes while the court is down: its timer fires once it is back.
    await system.services.court.kill();
    system.advanceClock(61 * DAY); // the investigation had the default 60 days
    await system.restart('court');

    await eventually(async () => {
      const list = await system.client('court').get<{ items: CourtInvestigationBody[] }>('/investigations?overdue=true');
      return list.body.items.find((i) => i.id === requested.id);
    }, 'the court to flag the overdue investigation');
    await eventually(async () => {
      const list = await system.client('municipality').get<{ items: { investigationId: string }[] }>('/investigations?overdue=true');
      return list.body.items.find((i) => i.investigationId === received.investigationId);
    }, 'social services to flag their own overdue report');
    expect((await web.case(caseref)).investigations.find((i) => i.investigationId === received.investigationId)?.overdue).toBe(true);
    const escalations = async (agency: 'court' | 'municipality', sql: string) =>
      (await system.query<{ action: string }>(agency, sql, [caseref])).map((h) => h.action);
    await eventually(
      async () =>
        (await escalations('court', 'SELECT h.action FROM proceeding_history h JOIN proceedings p ON p.id = h.proceeding_id WHERE p.caseref = $1')).includes(
          'investigation_overdue',
        )
          ? true
          : undefined,
      'the court to escalate on the judge’s file',
    );
    expect(
      (await escalations('municipality', 'SELECT h.action FROM case_history h JOIN cases c ON c.id = h.case_id WHERE c.caseref = $1')).filter(
        (a) => a === 'investigation_report_overdue',
      ),
    ).toHaveLength(1);

    // A late report stops both timers; the breach stays on record.
    await web.post('municipality', `/investigations/${received.investigationId}/complete`, { report: 'Relazione tardiva ma completa.' }, 200);
    const late = await eventually(async () => {
      const view = (await system.client('court').get<CourtInvestigationBody>(`/investigations/${requested.id}`)).body;
      return view.state === 'completed' ? view : undefined;
    }, 'the late report at the court');
    expect(late.overdue).toBe(false);
    expect(late.deadlines).toEqual([expect.objectContaining({ state: 'met', open: false, overdue: false, breachedAt: expect.any(String) })]);
    expect((await system.client('court').get<{ items: CourtInvestigationBody[] }>('/investigations?overdue=true')).body.items.map((i) => i.id)).not.toContain(
      requested.id,
    );
    const atMunicipality = (await web.case(caseref)).investigations.find((i) => i.investigationId === received.investigationId);
    expect(atMunicipality).toMatchObject({
      state: 'completed',
      overdue: false,
      deadlines: [expect.objectContaining({ state: 'met', breachedAt: expect.any(String) })],
    });
  });
});
