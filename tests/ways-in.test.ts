import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { subjectKey } from '@casenet/privacy';
import {
  type AgencyClient,
  DEV_SUBJECT_KEY_SECRET,
  eventually,
  FlowSteps,
  freeSystemPorts,
  type IntakeFixture,
  intakeFixture,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  schoolAt,
} from '@casenet/testing';
import fc from 'fast-check';

jest.setTimeout(300_000);

interface CaseView {
  caseref: string;
  state: string;
  careLevel: string | null;
  wayIn: string | null;
  citizenship: string | null;
  pupil: { taxCode: string } | null;
  programme: string | null;
  programmes: string[];
  reports: { linked: boolean }[];
  history: { action: string; detail: Record<string, unknown> }[];
}
interface Problem {
  type: string;
  status: number;
  detail: string;
}

/** The day the services' shared clock shows for these tests: inside WeMi Scuola's window, ages computed from it. */
const TODAY = '2027-03-01';
/** A birth date that makes the child `age` (completed years) on TODAY; `dayBefore` shifts the birthday to tomorrow. */
const bornAged = (age: number, birthdayTomorrow = false) => `${2027 - age}-03-${birthdayTomorrow ? '02' : '01'}`;

/**
 * Other ways into the municipality than a school report, across the separate service processes:
 * local services report a child (their own role, status-only read back), a family's spontaneous
 * access opens care level I, a court mandate still makes it level II; care level is explicit on
 * every case and filters the worklist; taking in charge names programmes of the catalogue, each
 * checked against its eligibility rule (422 naming the programme and the rule).
 */
describe('ways in: local services, spontaneous access, court mandates; programmes and their rules', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  let caseworker: AgencyClient;
  let localServices: AgencyClient;
  const rng = new Rng(20270301);
  /** What the test moved the services' clock by, in ms. */
  let clockOffset = 0;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_waysin_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
    caseworker = system.client('municipality');
    localServices = system.client('municipality', ['local_services']);
    await setClock(Date.parse(`${TODAY}T09:00:00Z`));
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** Moves the services' shared clock to `at` (ms) and waits until the municipality reads it. */
  async function setClock(at: number): Promise<void> {
    system.advanceClock(at - Date.now() - clockOffset);
    clockOffset = at - Date.now();
    const day = new Date(at).toISOString().slice(0, 10);
    await eventually(async () => {
      const page = (await caseworker.get<{ items: { id: string; availableNow: boolean }[] }>('/programmes')).body;
      const open = day >= '2026-01-01' && day <= '2028-10-31';
      return page.items.find((p) => p.id === 'wemi_scuola')?.availableNow === open ? true : undefined;
    }, `the services to read the clock at ${day}`);
  }

  async function spontaneous(over: Partial<IntakeFixture> & { birthDate?: string } = {}): Promise<CaseView> {
    const answer = await caseworker.post<CaseView>('/intakes/spontaneous-access', intakeFixture(rng, over));
    expect(answer.status).toBe(201);
    return answer.body;
  }

  function takeInCharge(caseref: string, body: Record<string, unknown>) {
    return caseworker.post<CaseView & Problem>(`/cases/${caseref}/take-in-charge`, { educator: 'Educatrice M. Bianchi', ...body });
  }

  async function expectRefused(caseref: string, body: Record<string, unknown>, rule: RegExp): Promise<void> {
    const answer = await takeInCharge(caseref, body);
    expect(answer.status).toBe(422);
    expect(answer.body.type).toBe('urn:casenet:problem:rule-violated');
    expect(answer.body.detail).toMatch(rule);
    // Refused: nothing changed.
    expect((await caseworker.get<CaseView>(`/cases/${caseref}`)).body).toMatchObject({ state: 'intake', programmes: [] });
  }

  it('lists the catalogue: five programmes, their rules, and what takes children today', async () => {
    const page = (
      await caseworker.get<{ items: { id: string; desks: number | null; eligibility: object; availableNow: boolean }[]; total: number }>('/programmes')
    ).body;
    expect(page.total).toBe(5);
    expect(page.items.map((p) => p.id)).toEqual(['tutoring_educativo', 'poli_start', 'orientamento', 'wemi_scuola', 'second_chance']);
    expect(page.items.find((p) => p.id === 'poli_start')).toMatchObject({ desks: 4, eligibility: { age: { min: 6, max: 14 } }, availableNow: true });
    expect((await localServices.get('/programmes')).status).toBe(403);
  });

  it('local services report a child: an intake at care level unassessed, identity sealed, status-only read back; taken in charge it is level I', async () => {
    const child = intakeFixture(rng, { service: 'Servizio sociale territoriale, Municipio 4', citizenship: 'italian', birthDate: bornAged(13) });
    const answer = await localServices.post<{ caseref: string; state: string; careLevel: string; wayIn: string }>('/intakes/local-services', child);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ state: 'intake', careLevel: 'unassessed', wayIn: 'local_services' });
    const { caseref } = answer.body;
    // What local services see is the intake's status, nothing of the unit's case.
    expect(Object.keys(answer.body).sort()).toEqual(['careLevel', 'caseref', 'closedAt', 'openedAt', 'state', 'wayIn']);
    expect((await localServices.get(`/intakes/${caseref}`)).body).toEqual(answer.body);
    expect((await localServices.get(`/cases/${caseref}`)).status).toBe(403);
    expect((await localServices.post(`/cases/${caseref}/take-in-charge`, { programme: 'tutoring_educativo', educator: 'X' })).status).toBe(403);
    // Only local services report this way; a caseworker records a family's access instead.
    expect((await caseworker.post('/intakes/local-services', child)).status).toBe(403);

    const opened = (await caseworker.get<CaseView>(`/cases/${caseref}`)).body;
    expect(opened).toMatchObject({
      state: 'intake',
      careLevel: 'unassessed',
      wayIn: 'local_services',
      citizenship: 'italian',
      pupil: { taxCode: child.pupil.taxCode },
    });
    expect(opened.history[0]).toMatchObject({ action: 'local_services_intake', detail: { service: 'Servizio sociale territoriale, Municipio 4' } });
    // Sealed at rest under the child's key, as a school report's identity is.
    const [row] = await system.query<{ personal: string; subject_key: string }>('municipality', 'SELECT personal, subject_key FROM cases WHERE caseref = $1', [
      caseref,
    ]);
    expect(row?.personal).toMatch(/^sealed:/);
    expect(JSON.stringify(row)).not.toContain(child.pupil.taxCode);
    expect(JSON.stringify(row)).not.toContain(child.pupil.lastName);

    // A school report about the same child meets the same subject key and joins this case.
    const report = await flow.file(reportFixture(rng, { pupil: child.pupil }));
    await eventually(
      async () => ((await caseworker.get<CaseView>(`/cases/${caseref}`)).body.reports.length === 1 ? true : undefined),
      'the school report to join the intake',
    );
    expect((await system.query('municipality', 'SELECT 1 FROM cases WHERE caseref = $1', [report.caseref])).length).toBe(0);
    // A second intake for a child with an open case is refused.
    expect((await localServices.post<Problem>('/intakes/local-services', child)).status).toBe(409);

    // The older single-programme body still works; the case is now level I care.
    const taken = await takeInCharge(caseref, { programme: 'tutoring_educativo' });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ state: 'taken_in_charge', careLevel: 'I', programme: 'tutoring_educativo', programmes: ['tutoring_educativo'] });
    expect((await localServices.get(`/intakes/${caseref}`)).body).toMatchObject({ state: 'taken_in_charge', careLevel: 'I' });
  });

  it('a family’s spontaneous access opens an intake at care level I, taken in charge with several programmes', async () => {
    const opened = await spontaneous({ citizenship: 'newly_arrived', birthDate: bornAged(12), school: schoolAt(rng, 'secondaria_i') });
    expect(opened).toMatchObject({ state: 'intake', careLevel: 'I', wayIn: 'spontaneous_access', citizenship: 'newly_arrived' });
    expect(opened.history[0]?.action).toBe('spontaneous_access_intake');
    const taken = await takeInCharge(opened.caseref, { programmes: ['poli_start', 'orientamento'] });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ state: 'taken_in_charge', careLevel: 'I', programme: 'poli_start', programmes: ['poli_start', 'orientamento'] });
  });

  it('a court mandate still makes a case level II, and the worklist filters by care level and way in', async () => {
    const report = await flow.file(reportFixture(rng, { concerns: ['harm_to_child'], notes: 'Bruises twice this month.' }));
    const { caseref } = report;
    expect((await flow.caseAt(caseref, 'screening')) as unknown as CaseView).toMatchObject({ careLevel: 'unassessed', wayIn: 'school_report' });
    await web.refer(caseref, { agency: 'court', grounds: 'harm_to_child' });
    const atCourt = await web.petitioned(await web.received('court', caseref));
    await web.court(atCourt, 'register', { docket: 'VG 1207/2027' });
    await web.court(atCourt, 'hearing');
    await web.court(atCourt, 'orders', { order: 'mandate_level_ii', operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano.' });
    await web.mandateAt(caseref, 'awaiting_acknowledgement');
    expect((await web.case(caseref)).careLevel).toBe('II');

    const list = async (query: string) => (await caseworker.get<{ items: CaseView[] }>(`/cases?limit=200&${query}`)).body.items;
    const levels = await list('careLevel=II');
    expect(levels.map((c) => c.caseref)).toContain(caseref);
    expect(levels.every((c) => c.careLevel === 'II')).toBe(true);
    const levelI = await list('careLevel=I');
    expect(levelI.length).toBeGreaterThanOrEqual(2);
    expect(levelI.every((c) => c.careLevel === 'I')).toBe(true);
    expect((await list('wayIn=spontaneous_access')).every((c) => c.wayIn === 'spontaneous_access' && c.careLevel === 'I')).toBe(true);
    expect((await list('careLevel=unassessed')).every((c) => c.careLevel === 'unassessed')).toBe(true);
    // Every case shows a care level.
    expect((await list('')).every((c) => ['unassessed', 'I', 'II'].includes(c.careLevel ?? ''))).toBe(true);
    expect((await caseworker.get('/cases?careLevel=III')).status).toBe(400);
  });

  it('the worklist filters by municipio and orders by opening or last change, either way, pages never overlapping', async () => {
    const list = async (query: string) => (await caseworker.get<{ items: (CaseView & { openedAt: string })[]; total: number }>(`/cases?${query}`)).body;
    const all = (await list('limit=200')).items;
    const municipi = new Set(all.flatMap((c) => c.reports.map((r) => (r as { municipio?: number | null }).municipio ?? [])));
    for (const municipio of municipi) {
      const inIt = (await list(`limit=200&municipio=${municipio}`)).items;
      expect(inIt.length).toBeGreaterThan(0);
      expect(inIt.every((c) => c.reports.some((r) => (r as { municipio?: number | null }).municipio === municipio))).toBe(true);
    }
    const opened = (await list('limit=200&sort=-opened')).items.map((c) => c.openedAt);
    expect(opened).toEqual([...opened].sort().reverse());
    const first = await list('limit=2&offset=0&sort=updated');
    const second = await list('limit=2&offset=2&sort=updated');
    expect(first.items.map((c) => c.caseref).filter((ref) => second.items.some((c) => c.caseref === ref))).toEqual([]);
    for (const bad of ['municipio=0', 'municipio=10', 'municipio=x', 'sort=name', 'overdue=yes'])
      expect((await caseworker.get(`/cases?${bad}`)).status).toBe(400);
  });

  it('takes a verified school case in charge with Poli Start when the caseworker states the citizenship', async () => {
    const filed = await flow.file(reportFixture(rng, { school: schoolAt(rng, 'primaria'), pupil: intakeFixture(rng, { birthDate: bornAged(9) }).pupil }));
    await flow.caseAt(filed.caseref, 'screening');
    await flow.act(filed.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(filed.caseref, 'confirmed_absent');
    await flow.caseAt(filed.caseref, 'verified');
    const unknown = await takeInCharge(filed.caseref, { programmes: ['poli_start'] });
    expect(unknown.status).toBe(422);
    expect(unknown.body.detail).toMatch(/Poli Start \(poli_start\) .*citizenship: .*state the child's citizenship/);
    const taken = await takeInCharge(filed.caseref, { programmes: ['poli_start', 'tutoring_educativo'], citizenship: 'non_italian' });
    expect(taken.status).toBe(200);
    expect(taken.body).toMatchObject({ careLevel: 'I', citizenship: 'non_italian', programmes: ['poli_start', 'tutoring_educativo'] });
  });

  it('refuses each programme whose rule the child does not meet, naming the programme and the rule (422), and admits those who meet it', async () => {
    // Tutoring Educativo: reported by schools or local services, not a family's own access.
    await expectRefused((await spontaneous()).caseref, { programmes: ['tutoring_educativo'] }, /Tutoring Educativo \(tutoring_educativo\) .*way in/);
    // Poli Start: citizenship and age.
    await expectRefused(
      (await spontaneous({ citizenship: 'italian', birthDate: bornAged(9) })).caseref,
      { programmes: ['poli_start'] },
      /Poli Start .*citizenship: .*this child is italian/,
    );
    await expectRefused(
      (await spontaneous({ citizenship: 'non_italian', birthDate: bornAged(15) })).caseref,
      { programmes: ['poli_start'] },
      /Poli Start .*age: it takes children aged 6–14, this child is 15/,
    );
    // Orientamento: lower-secondary pupils.
    const primary = await spontaneous({ school: schoolAt(rng, 'primaria') });
    await expectRefused(primary.caseref, { programme: 'orientamento' }, /Orientamento \(orientamento\) .*school level: .*secondaria_i.*primaria/);
    // WeMi Scuola: upper-secondary and CFP pupils only.
    await expectRefused(
      primary.caseref,
      { programmes: ['second_chance', 'wemi_scuola'] },
      /WeMi Scuola \(wemi_scuola\) .*school level: .*secondaria_ii or cfp/,
    );
    expect((await takeInCharge((await spontaneous({ school: schoolAt(rng, 'cfp') })).caseref, { programmes: ['wemi_scuola'] })).status).toBe(200);
    // Second-chance schools state no rule; an unknown programme is refused too.
    expect((await takeInCharge(primary.caseref, { programmes: ['second_chance'] })).status).toBe(200);
    await expectRefused((await spontaneous()).caseref, { programmes: ['opificio'] }, /no programme opificio in the catalogue/);
    // A body naming no programme is malformed (400), not a rule.
    expect((await takeInCharge((await spontaneous()).caseref, {})).status).toBe(400);
  });

  it('draws Poli Start’s age and citizenship boundary from generated children across the processes', async () => {
    const samples = fc.sample(
      fc.record({
        age: fc.constantFrom(5, 6, 14, 15),
        birthdayTomorrow: fc.boolean(),
        citizenship: fc.constantFrom('italian' as const, 'non_italian' as const, 'newly_arrived' as const),
      }),
      { numRuns: 12, seed: 13 },
    );
    let eligible = 0;
    for (const { age, birthdayTomorrow, citizenship } of samples) {
      // A birthday tomorrow leaves the child one year younger today.
      const ageToday = birthdayTomorrow ? age - 1 : age;
      const opened = await spontaneous({ citizenship, birthDate: bornAged(age, birthdayTomorrow) });
      const answer = await takeInCharge(opened.caseref, { programmes: ['poli_start'] });
      const ok = ageToday >= 6 && ageToday <= 14 && citizenship !== 'italian';
      if (ok) eligible += 1;
      expect({ ageToday, citizenship, status: answer.status }).toEqual({ ageToday, citizenship, status: ok ? 200 : 422 });
      if (!ok) expect(answer.body.detail).toMatch(ageToday < 6 || ageToday > 14 ? /age: .*this child is \d+/ : /citizenship: .*italian/);
    }
    process.stdout.write(`ways in: ${samples.length} generated children tried for Poli Start, ${eligible} admitted\n`);
    expect(eligible).toBeGreaterThan(0);
    expect(eligible).toBeLessThan(samples.length);
  });

  it('closes WeMi Scuola after October 2028 (availability by the services’ clock)', async () => {
    const pupil = await spontaneous({ school: schoolAt(rng, 'secondaria_ii') });
    await setClock(Date.parse('2028-11-02T09:00:00Z'));
    await expectRefused(
      pupil.caseref,
      { programmes: ['wemi_scuola'] },
      /WeMi Scuola .*availability: it takes children from 2026-01-01 to 2028-10-31, not on 2028-11-02/,
    );
  });

  it('erases an intake like a school report: identity, citizenship, notes, way in, care level and programmes go', async () => {
    const child = intakeFixture(rng, { citizenship: 'newly_arrived', birthDate: bornAged(10), notes: 'Arrived from Lima in September; lives with an aunt.' });
    // The vault stamps an erasure with the database's time and sweeps what was written before it: back to real time first.
    await setClock(Date.now());
    const opened = (await caseworker.post<CaseView>('/intakes/spontaneous-access', child)).body;
    expect((await takeInCharge(opened.caseref, { programmes: ['poli_start'] })).status).toBe(200);
    await system.keyVault.vault.erase(subjectKey(DEV_SUBJECT_KEY_SECRET, child.pupil.taxCode));
    const row = await eventually(async () => {
      const [found] = await system.query<Record<string, unknown>>('municipality', 'SELECT * FROM cases WHERE caseref = $1', [opened.caseref]);
      return found?.['erased_at'] ? found : undefined;
    }, 'the erasure sweep of the intake');
    expect(row).toMatchObject({ way_in: null, care_level: null, programme: null, programmes: null, school: null, category: null, educator: null });
    const history = await system.query<{ detail: object }>(
      'municipality',
      'SELECT h.detail FROM case_history h JOIN cases c ON c.id = h.case_id WHERE c.caseref = $1',
      [opened.caseref],
    );
    expect(history.every((h) => JSON.stringify(h.detail) === '{}')).toBe(true);
    const view = (await caseworker.get<CaseView & { erased: boolean; intakeNotes: string | null }>(`/cases/${opened.caseref}`)).body;
    expect(view).toMatchObject({ erased: true, pupil: null, citizenship: null, intakeNotes: null, careLevel: null, wayIn: null, programmes: [] });
    const text = JSON.stringify({ row, view, history });
    for (const value of [child.pupil.taxCode, child.pupil.lastName, 'newly_arrived', 'poli_start', 'Lima']) expect(text).not.toContain(value);
  });
});
