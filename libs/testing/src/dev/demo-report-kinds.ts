import type { FlowSteps } from '../flow-steps.js';
import { kindReportFixture, type KindReportFixture } from '../fixtures/report-kinds.js';
import { Rng, schoolAt } from '../fixtures/reports.js';
import type { RunningSystem } from '../infra/system.js';
import { ReferralSteps } from '../referral-steps.js';

/**
 * Reports of the other kinds (ADR 0020): each goes to the municipality's social services as a
 * case, never to police, and grounds its own referral: bullying and substance use to ATS, harm to
 * the juvenile court.
 */
export async function playReportKinds(system: RunningSystem, flow: FlowSteps, log: (line: string) => void): Promise<void> {
  const rng = new Rng((Date.now() + 1) % 2_147_483_647);
  const steps = new ReferralSteps(system);
  const plays: { title: string; fixture: KindReportFixture; referral: { agency: 'health' | 'court'; concern?: string; grounds?: string } }[] = [
    {
      title: 'secondaria I, a pupil who attends, bullied online by classmates',
      fixture: kindReportFixture(rng, 'bullying', { role: 'victim', online: true, school: schoolAt(rng, 'secondaria_i'), citizenship: 'non_italian' }),
      referral: { agency: 'health', concern: 'bullying' },
    },
    {
      title: 'primaria, the child told the teacher about violence at home',
      fixture: kindReportFixture(rng, 'harm_to_child', { observed: ['physical_injury', 'disclosure_by_child'], school: schoolAt(rng, 'primaria') }),
      referral: { agency: 'court', grounds: 'harm_to_child' },
    },
    {
      title: 'secondaria II (tecnico), seen with cannabis at school',
      fixture: kindReportFixture(rng, 'substance_use', { observed: ['possession'], school: schoolAt(rng, 'secondaria_ii'), track: 'tecnico' }),
      referral: { agency: 'health', concern: 'substance_use' },
    },
  ];
  log('\nDemo: reports of other kinds go to social services, not to police\n');
  for (const [index, play] of plays.entries()) {
    const filed = await flow.file(play.fixture);
    await flow.caseAt(filed.caseref, 'social_assessment');
    await steps.refer(filed.caseref, play.referral);
    await steps.received(play.referral.agency === 'health' ? 'health' : 'court', filed.caseref);
    const seen = await flow.schoolSees(filed, 'received');
    log(`${index + 1}. ${play.fixture.school.name} (${play.fixture.school.level}): ${play.title}`);
    log(`     schools: filed ${filed.caseref} as ${play.fixture.kind}`);
    log('     municipality: case opened for social services (no screening, no police)');
    log(`     municipality → ${play.referral.agency === 'health' ? 'ATS' : 'juvenile court'}: referral for ${play.referral.concern ?? play.referral.grounds}`);
    log(`     the school sees: ${seen.history.map((h) => h.status).join(' → ')}`);
  }
}
