import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, taxCodeCheckCharacter } from '@casenet/contracts';
import { subjectKey } from '@casenet/privacy';
import { DEV_SUBJECT_KEY_SECRET, devToken, eventually, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem } from '@casenet/testing';

jest.setTimeout(120_000);

/**
 * Every branch of the school non-attendance flow across the five services, each a separate
 * process with its own database, talking only over Kafka.
 */
describe('school non-attendance flow, end to end', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(20261121);

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_flow_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
    });
    flow = new FlowSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it.each([
    ['immediate_return', 'Milano'],
    ['clerical_error', 'Milano'],
    ['non_resident', 'Sesto San Giovanni'],
  ] as const)('closes at screening for %s without involving police', async (reason, city) => {
    const fixture = reportFixture(rng);
    const report = await flow.file({ ...fixture, residence: { ...fixture.residence, city } });
    await flow.schoolSees(report.id, 'received');
    await flow.caseAt(report.caseref, 'screening');

    await flow.act(report.caseref, '/screening/cases/:caseref/close', { reason });
    const closed = await flow.caseAt(report.caseref, 'closed');
    expect(closed.closureReason).toBe(reason);
    const seen = await flow.schoolSees(report.id, `closed_${reason}`);
    expect(seen.history.map((h) => h.status)).toEqual(['received', `closed_${reason}`]);
    expect(await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [report.caseref])).toHaveLength(0);
  });

  it('refuses to forward a non-resident and to call a resident non-resident (409)', async () => {
    const fixture = reportFixture(rng);
    const outside = await flow.file({ ...fixture, residence: { ...fixture.residence, city: 'Monza' } });
    await flow.caseAt(outside.caseref, 'screening');
    const forward = await system.client('municipality').post(`/screening/cases/${outside.caseref}/forward`);
    expect(forward.status).toBe(409);

    const inside = await flow.file(reportFixture(rng));
    await flow.caseAt(inside.caseref, 'screening');
    const wrong = await system.client('municipality').post(`/screening/cases/${inside.caseref}/close`, { reason: 'non_resident' });
    expect(wrong.status).toBe(409);
  });

  it('forwards to police, takes the child in charge and records the return to class', async () => {
    const fixture = reportFixture(rng, { notes: 'Older brother says she works in the family shop in the mornings.' });
    const report = await flow.file(fixture);
    await flow.caseAt(report.caseref, 'screening');
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.schoolSees(report.id, 'verification_requested');

    // Police's copy: identity, address, school; never the school's notes or the category.
    const policeRow = await eventually(
      async () =>
        (await system.query<{ id: string; personal: string }>('police', 'SELECT * FROM verification_requests WHERE caseref = $1', [report.caseref]))[0],
      'the verification request at police',
    );
    expect(policeRow.personal).toMatch(/^sealed:v1:/); // at rest under the child's key
    const policeView = (await system.client('police').get<{ pupil: object; school: object }>(`/verifications/${policeRow.id}`)).body;
    const policeCopy = JSON.stringify(policeView);
    expect(policeCopy).not.toContain('family shop');
    expect(policeCopy).not.toContain(fixture.category);
    expect(Object.keys(policeView.pupil).sort()).toEqual(['birthDate', 'firstName', 'lastName', 'taxCode']);
    expect(Object.keys(policeView.school).sort()).toEqual(['code', 'name']);
    await flow.policeVerifies(report.caseref, 'confirmed_absent');

    const verified = await flow.caseAt(report.caseref, 'verified');
    expect(verified.verificationOutcome).toBe('confirmed_absent');
    await flow.schoolSees(report.id, 'verification_completed');

    await flow.act(report.caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatrice Zefira Quartodecimo' });
    await flow.schoolSees(report.id, 'taken_in_charge');
    await flow.act(report.caseref, '/cases/:caseref/returned-to-class');
    const closed = await flow.caseAt(report.caseref, 'closed');
    expect(closed.closureReason).toBe('returned_to_class');

    const seen = await flow.schoolSees(report.id, 'returned_to_class');
    expect(seen.history.map((h) => h.status)).toEqual(['received', 'verification_requested', 'verification_completed', 'taken_in_charge', 'returned_to_class']);
    // The school's view carries status codes only: no police outcome, educator or closure detail.
    const view = JSON.stringify(seen);
    for (const hidden of ['confirmed_absent', 'Quartodecimo', 'tutoring_educativo']) expect(view).not.toContain(hidden);
  });

  it.each([
    ['moved_away', 'moved_away'],
    ['not_found_at_address', 'not_found'],
    ['attending_again', 'resolved'],
  ] as const)('closes after police finds %s', async (outcome, reason) => {
    const report = await flow.file(reportFixture(rng));
    await flow.caseAt(report.caseref, 'screening');
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(report.caseref, outcome);
    await flow.caseAt(report.caseref, 'verified');
    await flow.act(report.caseref, '/cases/:caseref/close', { reason });
    await flow.caseAt(report.caseref, 'closed');
    const seen = await flow.schoolSees(report.id, 'closed');
    expect(seen.history.map((h) => h.status)).toEqual(['received', 'verification_requested', 'verification_completed', 'closed']);
  });

  it('closes a case taken in charge when care is refused', async () => {
    const report = await flow.file(reportFixture(rng));
    await flow.caseAt(report.caseref, 'screening');
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(report.caseref, 'confirmed_absent');
    await flow.caseAt(report.caseref, 'verified');
    await flow.act(report.caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore L. Verdi' });
    await flow.act(report.caseref, '/cases/:caseref/close', { reason: 'care_refused' });
    await flow.schoolSees(report.id, 'closed');
  });

  it('links a second report about the same child to the open case instead of opening another', async () => {
    const first = reportFixture(rng);
    const opened = await flow.file(first);
    await flow.caseAt(opened.caseref, 'screening');

    // Another school, same child; the secretariat typed the tax code in lower case with spaces.
    const spaced = first.pupil.taxCode.toLowerCase().replace(/(.{4})/g, '$1 ');
    const second = await flow.file({
      ...reportFixture(rng, { school: { code: 'MITD445566', name: 'ITCS Schiaparelli', level: 'secondaria_ii' } }),
      pupil: { ...first.pupil, taxCode: spaced },
    });
    await flow.schoolSees(second.id, 'linked_to_open_case');
    const linkedCase = await flow.caseAt(opened.caseref, 'screening');
    expect(linkedCase.reports.map((r) => [r.reportId, r.linked])).toEqual([
      [opened.id, false],
      [second.id, true],
    ]);
    // Linked on the keyed hash of the tax code, not on the tax code itself.
    const cases = await system.query('municipality', 'SELECT caseref FROM cases WHERE subject_key = $1', [
      subjectKey(DEV_SUBJECT_KEY_SECRET, first.pupil.taxCode),
    ]);
    expect(cases).toEqual([{ caseref: opened.caseref }]);
    expect(await system.query('municipality', 'SELECT 1 FROM cases WHERE subject_key = $1', [first.pupil.taxCode])).toHaveLength(0);

    // Both schools follow the case from here on, each through its own report.
    await flow.act(opened.caseref, '/screening/cases/:caseref/forward');
    await flow.schoolSees(opened.id, 'verification_requested');
    await flow.schoolSees(second.id, 'verification_requested');
    // The schools hear back through their own inbox; police's copy arrives through another consumer.
    await eventually(
      async () => (await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [opened.caseref]))[0],
      'the request at police',
    );
    expect(await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [opened.caseref])).toHaveLength(1);

    // Once that case is closed, a new report about the child opens a new case.
    await flow.policeVerifies(opened.caseref, 'attending_again');
    await flow.caseAt(opened.caseref, 'verified');
    await flow.act(opened.caseref, '/cases/:caseref/close', { reason: 'resolved' });
    const third = await flow.file({ ...reportFixture(rng), pupil: first.pupil });
    await flow.schoolSees(third.id, 'received');
    await flow.caseAt(third.caseref, 'screening');
  });

  it('never links a different child, even with the same name and date of birth (omocodia)', async () => {
    const first = reportFixture(rng);
    const code = first.pupil.taxCode;
    // The omocode a second child with the same name, birth date and place receives.
    const body = `${code.slice(0, 14)}${'LMNPQRSTUV'[Number(code.charAt(14))]}`;
    const twin = { ...first.pupil, taxCode: `${body}${taxCodeCheckCharacter(body)}` };
    const a = await flow.file(first);
    const b = await flow.file({ ...reportFixture(rng), pupil: twin });
    await flow.schoolSees(a.id, 'received');
    await flow.schoolSees(b.id, 'received');
    await flow.caseAt(a.caseref, 'screening');
    await flow.caseAt(b.caseref, 'screening');
  });

  it('answers bad input with 400 and per-field messages, and stores nothing', async () => {
    const before = await system.query('schools', 'SELECT count(*)::int AS n FROM reports');
    const fixture = reportFixture(rng);
    const response = await system.school(fixture.school.code).post<{ errors: { path: string; message: string }[] }>('/reports', {
      ...fixture,
      pupil: { ...fixture.pupil, taxCode: 'RSSMRA85T10A562X' },
      school: { ...fixture.school, level: 'university' },
      absence: { ...fixture.absence, schoolDays: 'many' },
      unexpected: true,
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual(
      expect.arrayContaining([
        { path: 'pupil.taxCode', message: expect.stringMatching(/check character/) },
        { path: 'school.level', message: expect.any(String) },
        { path: 'absence.schoolDays', message: expect.any(String) },
        { path: 'unexpected', message: 'property unexpected should not exist' },
      ]),
    );
    expect(await system.query('schools', 'SELECT count(*)::int AS n FROM reports')).toEqual(before);
  });

  it('requires a bearer token of the service’s own agency on every case route', async () => {
    const schools = system.school('MIEE123456');
    expect((await schools.request('GET', '/reports', undefined, null)).status).toBe(401);
    expect((await schools.request('GET', '/reports', undefined, 'not-a-jwt')).status).toBe(401);
    expect((await schools.request('GET', '/reports', undefined, await devToken('police'))).status).toBe(403);
    expect(
      (await schools.request('GET', '/reports', undefined, await devToken('schools', ['caseworker'], { expiresIn: '-1m', schoolCodes: ['MIEE123456'] })))
        .status,
    ).toBe(401);
    expect(
      (
        await system
          .client('municipality')
          .request('GET', '/screening/queue', undefined, await devToken('schools', ['caseworker'], { schoolCodes: ['MIEE123456'] }))
      ).status,
    ).toBe(403);
    for (const agency of AGENCIES) {
      const health = await fetch(`${system.services[agency].baseUrl}/health`);
      expect(health.status).toBe(200);
    }
  });
});
