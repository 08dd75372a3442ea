import type { FiledReport, FlowSteps, ReportView } from '../flow-steps.js';
import { type ReportFixture, reportFixture, Rng, schoolAt } from '../fixtures/reports.js';
import type { RunningSystem } from '../infra/system.js';
import { ReferralSteps } from '../referral-steps.js';
import { playOtherWaysIn } from './demo-ways-in.js';
import { playReportKinds } from './demo-report-kinds.js';
import { eventually } from '../agency-client.js';

interface DemoReport {
  title: string;
  fixture: ReportFixture;
  filed?: FiledReport;
  path: string[];
}

/**
 * A handful of reports across school levels, each taking one branch of the flow, so a newcomer
 * sees a report fan out across the agencies and the school follow it.
 */
export async function playDemo(system: RunningSystem, flow: FlowSteps, log: (line: string) => void): Promise<void> {
  const rng = new Rng(Date.now() % 2_147_483_647);
  const at = (level: ReportFixture['school']['level']) => reportFixture(rng, { school: schoolAt(rng, level) });
  const reports: DemoReport[] = [
    { title: 'primaria, the child came straight back', fixture: at('primaria'), path: [] },
    { title: 'secondaria I, the school made a clerical error', fixture: at('secondaria_i'), path: [] },
    { title: 'secondaria II, lives outside Milan', fixture: withCity(at('secondaria_ii'), 'Sesto San Giovanni'), path: [] },
    { title: 'secondaria I, verified absent, Tutoring Educativo, back in class', fixture: at('secondaria_i'), path: [] },
    { title: 'primaria, police finds the family moved away', fixture: at('primaria'), path: [] },
  ];
  const [quick, clerical, outside, tutored, moved] = reports as [DemoReport, DemoReport, DemoReport, DemoReport, DemoReport];
  const duplicate: DemoReport = {
    title: 'CFP, another report about the tutored child (same tax code, typed in lower case)',
    fixture: { ...at('cfp'), pupil: { ...tutored.fixture.pupil, taxCode: tutored.fixture.pupil.taxCode.toLowerCase() } },
    path: [],
  };
  reports.push(duplicate);
  const web: DemoReport = {
    title: 'secondaria II, absent, using drugs, harmed at home: the whole referral web',
    fixture: { ...at('secondaria_ii'), concerns: ['substance_use', 'harm_to_child'], notes: 'Bruises twice this month; seen with older boys at the gate.' },
    path: [],
  };
  reports.push(web);

  for (const report of reports.slice(0, 5)) {
    report.filed = await flow.file(report.fixture);
    report.path.push(`schools: filed ${report.filed.caseref}`);
    await flow.caseAt(report.filed.caseref, 'screening');
    report.path.push('municipality: case opened, in the screening queue');
  }
  const caseref = (r: DemoReport) => (r.filed as FiledReport).caseref;

  await flow.act(caseref(quick), '/screening/cases/:caseref/close', { reason: 'immediate_return' });
  quick.path.push('municipality: closed at screening (immediate return), not forwarded');
  await flow.act(caseref(clerical), '/screening/cases/:caseref/close', { reason: 'clerical_error' });
  clerical.path.push('municipality: closed at screening (clerical error), not forwarded');
  await flow.act(caseref(outside), '/screening/cases/:caseref/close', { reason: 'non_resident' });
  outside.path.push('municipality: closed at screening (non-resident: belongs to another municipality)');

  for (const [report, outcome] of [
    [tutored, 'confirmed_absent'],
    [moved, 'moved_away'],
  ] as const) {
    await flow.act(caseref(report), '/screening/cases/:caseref/forward');
    report.path.push('municipality → police: verification requested (identity, address, school only)');
    await flow.policeVerifies(caseref(report), outcome);
    await flow.caseAt(caseref(report), 'verified');
    report.path.push(`police → municipality: verified, outcome ${outcome} (officer's note stays with police)`);
  }

  duplicate.filed = await flow.file(duplicate.fixture);
  duplicate.path.push(`schools: filed ${duplicate.filed.caseref}`);
  await flow.schoolSees(duplicate.filed.id, 'linked_to_open_case');
  duplicate.path.push(`municipality: linked to the open case ${caseref(tutored)}, no duplicate opened`);

  await flow.act(caseref(tutored), '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatrice M. Bianchi' });
  tutored.path.push('municipality: taken in charge by Tutoring Educativo');
  await flow.act(caseref(tutored), '/cases/:caseref/returned-to-class');
  tutored.path.push('municipality: back in class, case closed');
  await flow.act(caseref(moved), '/cases/:caseref/close', { reason: 'moved_away' });
  moved.path.push('municipality: case closed (moved away)');

  await playReferralWeb(system, flow, web);

  const finalStatus: [DemoReport, string][] = [
    [quick, 'closed_immediate_return'],
    [clerical, 'closed_clerical_error'],
    [outside, 'closed_non_resident'],
    [tutored, 'returned_to_class'],
    [moved, 'closed'],
    [duplicate, 'returned_to_class'],
    [web, 'closed'],
  ];
  log('\nDemo: seven reports and their path through the agencies\n');
  for (const [index, [report, status]] of finalStatus.entries()) {
    const seen: ReportView = await flow.schoolSees((report.filed as FiledReport).id, status);
    log(`${index + 1}. ${report.fixture.school.name} (${report.fixture.school.level}): ${report.title}`);
    for (const step of report.path) log(`     ${step}`);
    log(`     the school sees: ${seen.history.map((h) => h.status).join(' → ')}`);
  }
  await playOtherWaysIn(system, rng, log);
  await playJustice(system, flow, rng, log);
  const [cases] = await system.query<{ n: number }>('municipality', 'SELECT count(*)::int AS n FROM cases');
  await playReportKinds(system, flow, log);
  log(`\nThe municipality's database now holds ${cases?.n ?? 0} case(s); police holds only the verifications it was asked for.`);
}

/** One report fans out to police, ATS and the juvenile court; every loop closes before the case does. */
async function playReferralWeb(system: RunningSystem, flow: FlowSteps, report: DemoReport): Promise<void> {
  const steps = new ReferralSteps(system);
  report.filed = await flow.file(report.fixture);
  const caseref = report.filed.caseref;
  report.path.push(`schools: filed ${caseref}, flagging substance use and harm to the child`);
  await flow.caseAt(caseref, 'screening');
  await flow.act(caseref, '/screening/cases/:caseref/forward');
  await flow.policeVerifies(caseref, 'confirmed_absent');
  await flow.caseAt(caseref, 'verified');
  report.path.push('municipality → police → municipality: verified, absence confirmed');
  await flow.act(caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore L. Conti' });
  await steps.refer(caseref, { agency: 'health', concern: 'substance_use', notes: 'The mother agrees to an assessment.' });
  await steps.refer(caseref, { agency: 'court', grounds: 'harm_to_child' });
  report.path.push('municipality → ATS and → juvenile court: two referrals, each with its deadline');
  const atHealth = await steps.received('health', caseref);
  await steps.health(atHealth, 'accept');
  await steps.health(atHealth, 'start', { asst: 'asst_grande_ospedale_metropolitano_niguarda', service: 'serd' });
  await steps.health(atHealth, 'complete', { outcome: 'care_plan_completed', clinicalNote: 'Counselling x6 at SerD; stays at ATS.' });
  await steps.referralAt(caseref, 'health', 'completed');
  report.path.push('ATS → municipality: accepted → in progress (care at an ASST SerD) → completed (care path and clinical note stay at ATS)');
  const atCourt = await steps.petitioned(await steps.received('court', caseref));
  report.path.push('prosecutor (Procura minorile) → municipality: accepted for examination, petitioned to the court');
  await steps.court(atCourt, 'register', { docket: `VG ${1000 + Math.floor(Math.random() * 8999)}/2026` });
  await steps.court(atCourt, 'orders', { order: 'mandate_level_ii', operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano.' });
  const mandate = await steps.mandateAt(caseref, 'awaiting_acknowledgement');
  report.path.push('court → municipality: proceeding registered, level II care mandate (operative part only)');
  await steps.post('municipality', `/mandates/${mandate.orderId}/acknowledge`, undefined, 200);
  await steps.post('municipality', `/mandates/${mandate.orderId}/report`, { status: 'care_started' }, 200);
  await steps.post('municipality', `/mandates/${mandate.orderId}/report`, { status: 'care_completed', report: 'Back in class.' }, 200);
  report.path.push('municipality → court: mandate acknowledged, care started, care completed');
  await flow.act(caseref, '/cases/:caseref/close', { reason: 'resolved' });
  report.path.push('municipality: every loop closed, case closed');
}

/**
 * The juvenile prosecutor and the court (ADR 0021): one harm report the prosecutor archives, and
 * one it petitions to the court, which asks social services for a psychosocial investigation
 * before its order.
 */
async function playJustice(system: RunningSystem, flow: FlowSteps, rng: Rng, log: (line: string) => void): Promise<void> {
  const steps = new ReferralSteps(system);
  const harmed = (level: ReportFixture['school']['level'], notes: string) => ({
    ...reportFixture(rng, { school: schoolAt(rng, level) }),
    concerns: ['harm_to_child' as const],
    notes,
  });
  const archived: DemoReport = {
    title: 'secondaria I, harm reported: the prosecutor archives',
    fixture: harmed('secondaria_i', 'Graffi sul braccio.'),
    path: [],
  };
  const petitioned: DemoReport = {
    title: 'primaria, harm reported: petition → psychosocial investigation → order',
    fixture: harmed('primaria', 'Il bambino riferisce maltrattamenti.'),
    path: [],
  };
  for (const report of [archived, petitioned]) {
    report.filed = await flow.file(report.fixture);
    report.path.push(`schools: filed ${report.filed.caseref}, harm to the child`);
    await flow.caseAt(report.filed.caseref, 'screening');
    await steps.refer(report.filed.caseref, { agency: 'court', grounds: 'harm_to_child' });
    report.path.push('municipality → prosecutor: court referral (segnalazione di pregiudizio), with its default acceptance deadline');
  }
  const one = (archived.filed as FiledReport).caseref;
  const atProsecutor = await steps.received('court', one);
  await steps.prosecutor(atProsecutor, 'accept');
  await steps.prosecutor(atProsecutor, 'archive', { reason: 'resolved_by_services', note: 'Il nucleo è già seguito dai servizi.' });
  await steps.referralAt(one, 'court', 'completed');
  archived.path.push('prosecutor → municipality: accepted for examination, then archived (its reason and note stay with the prosecutor)');
  await flow.act(one, '/cases/:caseref/close', { reason: 'resolved' });
  archived.path.push('municipality: case closed');

  const two = (petitioned.filed as FiledReport).caseref;
  const id = await steps.petitioned(await steps.received('court', two));
  petitioned.path.push('prosecutor → municipality: accepted, petitioned to the court');
  await steps.court(id, 'register', { docket: `VG ${1000 + Math.floor(Math.random() * 8999)}/2026` });
  await steps.requestInvestigation(id, 'Condizioni del nucleo familiare, frequenza scolastica, rete di supporto.');
  const investigation = await steps.investigationAt(two, 'requested');
  petitioned.path.push('court → municipality: psychosocial investigation requested (what to investigate, report due by a default date)');
  await steps.post('municipality', `/investigations/${investigation.investigationId}/accept`, undefined, 200);
  await steps.post(
    'municipality',
    `/investigations/${investigation.investigationId}/complete`,
    { report: 'La madre collabora; si propone sostegno educativo.' },
    200,
  );
  petitioned.path.push('municipality → court: investigation taken on, report sent (sealed: only the court reads it)');
  await eventually(
    async () =>
      (await system.client('court').get<{ state: string }>(`/investigations/${investigation.investigationId}`)).body.state === 'completed' ? true : undefined,
    'the report at the court',
  );
  await steps.post(
    'court',
    `/proceedings/${id}/orders`,
    { order: 'mandate_level_ii', operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano.' },
    200,
  );
  const mandate = await steps.mandateAt(two, 'awaiting_acknowledgement');
  petitioned.path.push('court → municipality: level II care mandate (operative part only)');
  await steps.post('municipality', `/mandates/${mandate.orderId}/acknowledge`, undefined, 200);
  petitioned.path.push('municipality → court: mandate acknowledged; care level II');

  log('\nThe juvenile prosecutor and the court\n');
  for (const report of [archived, petitioned]) {
    log(`- ${report.fixture.school.name} (${report.fixture.school.level}): ${report.title}`);
    for (const step of report.path) log(`     ${step}`);
  }
}

function withCity(fixture: ReportFixture, city: string): ReportFixture {
  return { ...fixture, residence: { ...fixture.residence, city } };
}
