import { intakeFixture } from '../fixtures/intakes.js';
import { type Rng, schoolAt } from '../fixtures/reports.js';
import type { RunningSystem } from '../infra/system.js';

interface IntakeAnswer {
  caseref: string;
  state: string;
  careLevel: string;
  programmes?: string[];
}

/** The other ways into the municipality: a local-services report and a family's spontaneous access, each taken in charge. */
export async function playOtherWaysIn(system: RunningSystem, rng: Rng, log: (line: string) => void): Promise<void> {
  // A birth date that makes the child this old now (the demo runs on the real clock).
  const aged = (years: number) => `${new Date().getUTCFullYear() - years}-01-15`;
  const localServices = system.client('municipality', ['local_services']);
  const caseworker = system.client('municipality');
  const post = async (client: typeof caseworker, path: string, body: unknown, expected: number): Promise<IntakeAnswer> => {
    const answer = await client.post<IntakeAnswer>(path, body);
    if (answer.status !== expected) throw new Error(`POST ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    return answer.body;
  };

  log('\nDemo: two other ways in\n');
  const reported = await post(
    localServices,
    '/intakes/local-services',
    intakeFixture(rng, {
      school: schoolAt(rng, 'secondaria_ii'),
      birthDate: aged(16),
      citizenship: 'italian',
      service: 'Servizio sociale territoriale, Municipio 8',
      notes: 'Left school in October; the family is followed for housing.',
    }),
    201,
  );
  log(`a. Local services report a 16-year-old who left secondaria II: intake ${reported.caseref}, care level ${reported.careLevel}`);
  const tutored = await post(
    caseworker,
    `/cases/${reported.caseref}/take-in-charge`,
    { programmes: ['tutoring_educativo', 'wemi_scuola'], educator: 'Educatore P. Galli' },
    200,
  );
  log(`     municipality: taken in charge with ${tutored.programmes?.join(' + ')}, care level ${tutored.careLevel}`);
  log('     local services see only the intake’s status: GET /intakes/{caseref}');

  const family = await post(
    caseworker,
    '/intakes/spontaneous-access',
    intakeFixture(rng, { school: schoolAt(rng, 'primaria'), birthDate: aged(9), citizenship: 'newly_arrived', notes: 'Arrived in September; no Italian yet.' }),
    201,
  );
  log(`b. A family comes of its own accord for their newly arrived 9-year-old: intake ${family.caseref}, care level ${family.careLevel}`);
  const refused = await caseworker.post<{ detail: string }>(`/cases/${family.caseref}/take-in-charge`, {
    programmes: ['tutoring_educativo'],
    educator: 'Educatrice A. Sala',
  });
  log(`     Tutoring Educativo refused (${refused.status}): ${refused.body.detail}`);
  const started = await post(caseworker, `/cases/${family.caseref}/take-in-charge`, { programmes: ['poli_start'], educator: 'Educatrice A. Sala' }, 200);
  log(`     municipality: taken in charge with ${started.programmes?.join(' + ')} (Italian L2, mediation), care level ${started.careLevel}`);
}
