import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import { schoolYearOf } from '@casenet/contracts';
import { subjectKey } from '@casenet/privacy';
import {
  DEV_SUBJECT_KEY_SECRET,
  eventually,
  FlowSteps,
  freeSystemPorts,
  KIND_FIELDS,
  type KindOf,
  kindReportFixture,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  schoolAt,
} from '@casenet/testing';

jest.setTimeout(300_000);

interface KindCase {
  caseref: string;
  state: string;
  category: string | null;
  kinds: string[];
  screening: object | null;
  reports: {
    kind: string;
    category: string | null;
    absence: object | null;
    details: Record<string, unknown> | null;
    schoolYear: string | null;
    citizenship: string | null;
    track: string | null;
    municipio: number | null;
  }[];
}

/**
 * Every kind of school report across the separate service processes (ADR 0020): absence goes
 * through screening to police as before; bullying, substance use, distress and harm reach the
 * municipality's social services as a case, never police, and ground their own referrals.
 */
describe('every kind of report, end to end', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const rng = new Rng(20261130);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_kinds_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const caseOf = async (caseref: string): Promise<KindCase> => (await system.client('municipality').get<KindCase>(`/cases/${caseref}`)).body;
  const policeRequests = (caseref: string) => system.count('police', 'SELECT count(*)::int AS n FROM verification_requests WHERE caseref = $1', [caseref]);

  it('takes a bullying report about a pupil who attends to social services as a case, without police', async () => {
    const rngSchool = new Rng(7);
    const fixture = kindReportFixture(rng, 'bullying', {
      role: 'victim',
      online: true,
      school: schoolAt(rngSchool, 'secondaria_ii'),
      citizenship: 'newly_arrived',
      track: 'tecnico',
      schoolYear: '2022/23',
    });
    const report = await flow.file(fixture);
    const atSchool = await flow.schoolSees(report, 'received');
    expect(atSchool).toMatchObject({ kind: 'bullying', category: null, schoolYear: '2022/23', citizenship: 'newly_arrived', track: 'tecnico' });

    const opened = await flow.caseAt(report.caseref, 'social_assessment');
    const seen = await caseOf(opened.caseref);
    expect(seen).toMatchObject({ kinds: ['bullying'], category: null, screening: null });
    expect(seen.reports).toEqual([
      expect.objectContaining({
        kind: 'bullying',
        category: null,
        absence: null,
        details: { role: 'victim', online: true },
        schoolYear: '2022/23',
        citizenship: 'newly_arrived',
        track: 'tecnico',
        municipio: fixture.residence.municipio,
      }),
    ]);

    // Police verifies attendance and residence: a bullying case never goes there.
    const forward = await system.client('municipality').post(`/screening/cases/${report.caseref}/forward`);
    expect(forward.status).toBe(409);
    expect(await policeRequests(report.caseref)).toBe(0);

    // The social-services worklist filters by kind.
    const bullying = await system.client('municipality').get<{ items: KindCase[] }>('/cases?kind=bullying&state=social_assessment&limit=200');
    expect(bullying.body.items.map((c) => c.caseref)).toContain(report.caseref);
    const harm = await system.client('municipality').get<{ items: KindCase[] }>('/cases?kind=harm_to_child&limit=200');
    expect(harm.body.items.map((c) => c.caseref)).not.toContain(report.caseref);

    // The report grounds an ATS referral for bullying, not a court referral for harm.
    expect((await system.client('municipality').post(`/cases/${report.caseref}/referrals`, { agency: 'court', grounds: 'harm_to_child' })).status).toBe(409);
    await web.refer(report.caseref, { agency: 'health', concern: 'bullying' });
    await web.received('health', report.caseref);

    // Social services can take it in charge straight from their assessment.
    const taken = await flow.act(report.caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore di turno' });
    expect(taken.state).toBe('taken_in_charge');
    await flow.schoolSees(report, 'taken_in_charge');
    expect(await policeRequests(report.caseref)).toBe(0);
  });

  it('lets a harm report ground a court referral, which reaches the court', async () => {
    const fixture = kindReportFixture(rng, 'harm_to_child', { observed: ['physical_injury', 'disclosure_by_child'] });
    const report = await flow.file(fixture);
    await flow.caseAt(report.caseref, 'social_assessment');
    const referral = await web.refer(report.caseref, { agency: 'court', grounds: 'harm_to_child', notes: 'Bruises seen twice; the child told the teacher.' });
    expect(referral.state).toBe('requested');
    await web.received('court', report.caseref);
    // Persistent evasion stays grounded only on a police-confirmed absence.
    const evasion = await system.client('municipality').post(`/cases/${report.caseref}/referrals`, { agency: 'court', grounds: 'persistent_evasion' });
    expect(evasion.status).toBe(409);
    expect((await caseOf(report.caseref)).reports[0]?.details).toEqual({ observed: ['physical_injury', 'disclosure_by_child'] });
    expect(await policeRequests(report.caseref)).toBe(0);
  });

  it('lets a substance-use report ground an ATS referral', async () => {
    const report = await flow.file(kindReportFixture(rng, 'substance_use', { observed: ['possession'] }));
    await flow.caseAt(report.caseref, 'social_assessment');
    await web.refer(report.caseref, { agency: 'health', concern: 'substance_use' });
    const atHealth = await web.received('health', report.caseref);
    await web.health(atHealth, 'accept');
    await web.referralAt(report.caseref, 'health', 'accepted');
    expect(await policeRequests(report.caseref)).toBe(0);
  });

  it('takes social distress and cyberbullying to social services too', async () => {
    for (const kind of ['social_distress', 'cyberbullying'] as const) {
      const report = await flow.file(kindReportFixture(rng, kind));
      const opened = await flow.caseAt(report.caseref, 'social_assessment');
      expect((await caseOf(opened.caseref)).kinds).toEqual([kind]);
    }
  });

  it('keeps absence as it was: a body without kind goes to screening and on to police', async () => {
    const fixture = reportFixture(rng, { concerns: ['social_distress'] });
    const report = await flow.file(fixture);
    await flow.schoolSees(report, 'received');
    const screening = await flow.caseAt(report.caseref, 'screening');
    const seen = await caseOf(screening.caseref);
    expect(seen).toMatchObject({ kinds: ['absence'], category: fixture.category });
    expect(seen.screening).not.toBeNull();
    expect(seen.reports[0]).toMatchObject({ kind: 'absence', absence: fixture.absence, details: null, schoolYear: schoolYearOf(new Date()) });
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(report.caseref, 'confirmed_absent');
    await flow.caseAt(report.caseref, 'verified');
    await flow.schoolSees(report, 'verification_completed');
    // Police received identity, address and school only: none of the statistics fields, not even the municipio.
    const [request] = await system.query<{ id: string }>('police', 'SELECT id FROM verification_requests WHERE caseref = $1', [report.caseref]);
    const atPolice = await system.client('police').get<{ residence: object }>(`/verifications/${request?.id}`);
    expect(atPolice.status).toBe(200);
    expect(JSON.stringify(atPolice.body)).not.toMatch(/schoolYear|citizenship|municipio|track/);
    expect(atPolice.body.residence).toEqual({ address: fixture.residence.address, city: fixture.residence.city, postalCode: fixture.residence.postalCode });
  });

  it('links a bullying report about a child with an open absence case to that case', async () => {
    const absence = reportFixture(rng);
    const first = await flow.file(absence);
    await flow.caseAt(first.caseref, 'screening');
    const { category: _c, absence: _a, concerns: _n, ...base } = absence;
    const second = await flow.file({ ...base, ...KIND_FIELDS.bullying });
    await flow.schoolSees(second, 'linked_to_open_case');
    const linked = await eventually(async () => {
      const seen = await caseOf(first.caseref);
      return seen.kinds.length === 2 ? seen : undefined;
    }, 'the bullying report on the absence case');
    expect(linked).toMatchObject({ state: 'screening', kinds: ['absence', 'bullying'] });
  });

  it('refuses an invalid body of every kind with 400 at the field path, and stores nothing', async () => {
    const REQUIRED: Record<KindOf | 'absence', string[]> = {
      absence: ['category', 'absence', 'pupil', 'residence', 'school'],
      bullying: ['role', 'online', 'pupil', 'school'],
      cyberbullying: ['role', 'residence'],
      substance_use: ['observed', 'pupil'],
      social_distress: ['signs', 'school'],
      harm_to_child: ['observed', 'residence'],
    };
    const OWN_FIELDS = ['category', 'absence', 'concerns', 'role', 'online', 'observed', 'signs'] as const;
    const FOREIGN_VALUE: Record<(typeof OWN_FIELDS)[number], unknown> = {
      category: 'never_attended',
      absence: { schoolDays: 10, absentDays: 5, since: '2026-09-15' },
      concerns: ['bullying'],
      role: 'victim',
      online: true,
      observed: ['neglect'],
      signs: ['anxiety'],
    };
    const BAD_VALUE: Record<string, unknown[]> = {
      role: ['bystander', 3, null],
      online: ['yes', 1],
      observed: [[], ['telepathy'], 'possession', ['possession', 'possession']],
      signs: [[], ['boredom'], 'withdrawal'],
      category: ['dropped_out'],
      schoolYear: ['2022/24', '2022-23', 2022],
      citizenship: ['martian', ''],
    };
    // The fields a kind accepts: those its valid body holds, and the optional ones a fixture may leave out.
    const OPTIONAL: Partial<Record<KindOf | 'absence', string[]>> = { absence: ['concerns'] };
    const ownFieldsOf = (body: Record<string, unknown>, kind: KindOf | 'absence') => OWN_FIELDS.filter((f) => f in body || (OPTIONAL[kind] ?? []).includes(f));
    const valid = (kind: KindOf | 'absence', seed: number): Record<string, unknown> => {
      const r = new Rng(seed);
      return kind === 'absence'
        ? { ...reportFixture(r, { school: schoolAt(r, 'primaria') }) }
        : { ...kindReportFixture(r, kind, { school: schoolAt(r, 'primaria') }) };
    };
    const kinds = fc.constantFrom<KindOf | 'absence'>('absence', 'bullying', 'cyberbullying', 'substance_use', 'social_distress', 'harm_to_child');
    const mutation = kinds.chain((kind) =>
      fc.record({
        kind: fc.constant(kind),
        seed: fc.integer({ min: 1, max: 1_000_000 }),
        change: fc.oneof(
          fc.constantFrom(...REQUIRED[kind]).map((field) => ({ op: 'drop' as const, field, value: undefined as unknown })),
          fc.constantFrom(...OWN_FIELDS).map((field) => ({ op: 'foreign' as const, field, value: FOREIGN_VALUE[field] as unknown })),
          fc
            .constantFrom(...Object.keys(BAD_VALUE))
            .chain((field) => fc.constantFrom(...(BAD_VALUE[field] ?? [])).map((value) => ({ op: 'bad' as const, field, value }))),
          fc.constantFrom('liceale', 'iefp').map((value) => ({ op: 'bad' as const, field: 'track', value: value as unknown })),
          fc.constant({ op: 'bad' as const, field: 'pupil.taxCode', value: 'RSSMRA85T10A562X' as unknown }),
        ),
      }),
    );
    const before = await system.count('schools', 'SELECT count(*)::int AS n FROM reports');
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async ({ kind, seed, change }) => {
        const body = valid(kind, seed);
        const school = (body.school as { code: string }).code;
        // A field the kind has is not foreign, and a bad value only counts on a field the kind has (or shares).
        if (change.op === 'foreign' && ownFieldsOf(body, kind).includes(change.field)) return;
        if (change.op === 'bad' && OWN_FIELDS.includes(change.field as (typeof OWN_FIELDS)[number]) && !(change.field in body)) return;
        if (change.op === 'drop') delete body[change.field];
        else if (change.field === 'pupil.taxCode') body.pupil = { ...(body.pupil as object), taxCode: change.value };
        else body[change.field] = change.value;
        const response = await system.school(school).post<{ errors?: { path: string; message: string }[] }>('/reports', body);
        expect(response.status).toBe(400);
        expect(response.body.errors?.map((e) => e.path)).toContain(change.field);
        tried += 1;
      }),
      { numRuns: 120 },
    );
    expect(tried).toBeGreaterThan(40);
    // An unknown kind is refused at `kind`.
    const unknown = await system.school('MIEE123456').post<{ errors: { path: string }[] }>('/reports', { ...valid('bullying', 1), kind: 'truancy' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.path)).toEqual(['kind']);
    expect(await system.count('schools', 'SELECT count(*)::int AS n FROM reports')).toBe(before);
  });

  it('erases the kind, its details and the statistics fields with the child, at the school and the municipality', async () => {
    const fixture = kindReportFixture(rng, 'harm_to_child', {
      observed: ['neglect'],
      school: schoolAt(new Rng(11), 'cfp'),
      citizenship: 'non_italian',
    });
    const report = await flow.file(fixture);
    await flow.caseAt(report.caseref, 'social_assessment');
    const { category: _c, absence: _a, concerns: _n, ...base } = reportFixture(rng);
    const second = await flow.file({ ...base, pupil: fixture.pupil, ...KIND_FIELDS.social_distress });
    await flow.schoolSees(second, 'linked_to_open_case');
    const [row] = await system.query<{ kind: string; track: string; school_year: string }>(
      'schools',
      'SELECT kind, track, school_year FROM reports WHERE id = $1',
      [report.id],
    );
    expect(row).toEqual({ kind: 'harm_to_child', track: 'iefp', school_year: schoolYearOf(new Date()) });

    await system.keyVault.vault.erase(subjectKey(DEV_SUBJECT_KEY_SECRET, fixture.pupil.taxCode));
    const clearAtSchools = () =>
      system.query('schools', 'SELECT kind, school_year, citizenship, track, category FROM reports WHERE id IN ($1, $2)', [report.id, second.id]);
    const clearAtMunicipality = () =>
      system.query('municipality', 'SELECT kind, school_year, citizenship, track, municipio, category FROM case_reports WHERE report_id IN ($1, $2)', [
        report.id,
        second.id,
      ]);
    const empty = { kind: null, school_year: null, citizenship: null, track: null, category: null };
    await eventually(
      async () => (JSON.stringify(await clearAtSchools()) === JSON.stringify([empty, empty]) ? true : undefined),
      'the schools erasure sweep',
      30_000,
    );
    await eventually(
      async () =>
        JSON.stringify(await clearAtMunicipality()) ===
        JSON.stringify(
          [
            { ...empty, municipio: null },
            { ...empty, municipio: null },
          ].map(order),
        )
          ? true
          : undefined,
      'the municipality erasure sweep',
      30_000,
    );
    const seen = await caseOf(report.caseref);
    expect(seen.kinds).toEqual([]);
    expect(seen.reports.map((r) => [r.kind, r.details, r.schoolYear, r.citizenship, r.track, r.municipio])).toEqual([
      [null, null, null, null, null, null],
      [null, null, null, null, null, null],
    ]);
    expect(JSON.stringify(seen)).not.toMatch(/neglect|withdrawal|harm_to_child|social_distress|non_italian/);
  });
});

/** Same keys in the order the SELECT lists them. */
function order(row: Record<string, unknown>): Record<string, unknown> {
  const { kind, school_year, citizenship, track, municipio, category } = row;
  return { kind, school_year, citizenship, track, municipio, category };
}
