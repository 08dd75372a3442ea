import type { FiledReport, FlowSteps, ReportView } from '../flow-steps.js';
import { type ReportFixture, reportFixture, Rng, schoolAt } from '../fixtures/reports.js';
import type { RunningSystem } from '../infra/system.js';

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

  for (const [report, outcome] of [[tutored, 'confirmed_absent'], [moved, 'moved_away']] as const) {
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

  const finalStatus: [DemoReport, string][] = [
    [quick, 'closed_immediate_return'],
    [clerical, 'closed_clerical_error'],
    [outside, 'closed_non_resident'],
    [tutored, 'returned_to_class'],
    [moved, 'closed'],
    [duplicate, 'returned_to_class'],
  ];
  log('\nDemo: six reports and their path through the agencies\n');
  for (const [index, [report, status]] of finalStatus.entries()) {
    const seen: ReportView = await flow.schoolSees((report.filed as FiledReport).id, status);
    log(`${index + 1}. ${report.fixture.school.name} (${report.fixture.school.level}): ${report.title}`);
    for (const step of report.path) log(`     ${step}`);
    log(`     the school sees: ${seen.history.map((h) => h.status).join(' → ')}`);
  }
  const [cases] = await system.query<{ n: number }>('municipality', 'SELECT count(*)::int AS n FROM cases');
  log(`\nThe municipality's database now holds ${cases?.n ?? 0} case(s); police holds only the verifications it was asked for.`);
}

function withCity(fixture: ReportFixture, city: string): ReportFixture {
  return { ...fixture, residence: { ...fixture.residence, city } };
}
