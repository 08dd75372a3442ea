import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, ALL_TOPICS, type Agency } from '@casenet/contracts';
import { childPseudonyms, isErased } from '@casenet/privacy';
import {
  DEV_PSEUDONYM_SECRETS,
  eventually,
  type FiledReport,
  FlowSteps,
  freeSystemPorts,
  reportFixture,
  type ReportFixture,
  Rng,
  RunningSystem,
  TopicReader,
} from '@casenet/testing';

jest.setTimeout(180_000);

const SEALED = /sealed:v1:\d+:[A-Za-z0-9+/=]+/g;

/**
 * Erasing a child destroys its data key: its personal data becomes unreadable in every
 * database and in every replayed event, while everything else keeps working.
 */
describe('erasure by key destruction', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let reader: TopicReader;
  const rng = new Rng(404);

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_erasure_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
    });
    flow = new FlowSteps(system);
    reader = new TopicReader(system.kafka);
    await reader.start(ALL_TOPICS.map((t) => system.topicPrefix + t));
  });

  afterAll(async () => {
    await reader?.stop();
    await system?.stop();
  });

  /** Every row of every table of an agency's database, as text (outbox payloads decoded). */
  async function dump(agency: Agency): Promise<string> {
    const tables = await system.query<{ table_name: string }>(agency, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'");
    const texts = await Promise.all(
      tables.map(async ({ table_name: table }) => {
        const sql =
          table === 'outbox'
            ? "SELECT convert_from(payload, 'UTF8') || headers::text AS t FROM outbox"
            : table === 'ledger'
              ? "SELECT convert_from(payload, 'UTF8') AS t FROM ledger"
              : `SELECT t::text AS t FROM "${table}" t`;
        return (await system.query<{ t: string }>(agency, sql)).map((r) => r.t).join('\n');
      }),
    );
    return texts.join('\n');
  }

  async function everywhere(): Promise<string> {
    const databases = await Promise.all(AGENCIES.map((agency) => dump(agency)));
    return [...databases, ...reader.messages.map((m) => m.value?.toString() ?? '')].join('\n');
  }

  async function through(fixture: ReportFixture): Promise<FiledReport> {
    const report = await flow.file(fixture);
    await flow.caseAt(report.caseref, 'screening');
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(report.caseref, 'confirmed_absent');
    await flow.caseAt(report.caseref, 'verified');
    await flow.act(report.caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore di turno' });
    return report;
  }

  it('makes one child unreadable everywhere and leaves the others untouched', async () => {
    const erased = reportFixture(rng, { notes: 'Zia materna segnala maltrattamenti, riferito in via riservata' });
    const kept = reportFixture(rng, { notes: 'Il ragazzo lavora al mercato di via Benedetto Marcello' });
    const erasedReport = await through(erased);
    const keptReport = await through(kept);
    const linked = await flow.file({ ...reportFixture(rng), pupil: erased.pupil }); // a second school, same child
    await flow.schoolSees(linked.id, 'linked_to_open_case');
    // Each agency knows the child by its own pseudonym (ADR 0019): a child's sealed values are under any of them.
    const [a, b] = [childPseudonyms(DEV_PSEUDONYM_SECRETS, erased.pupil.taxCode), childPseudonyms(DEV_PSEUDONYM_SECRETS, kept.pupil.taxCode)];
    const sealer = system.keyVault.sealer;
    const openAs = async (pseudonyms: Partial<Record<string, string>>, value: string): Promise<[string, unknown] | undefined> => {
      for (const pseudonym of Object.values(pseudonyms)) {
        // A pseudonym that never had a key opens nothing: the vault answers as for an erased one.
        const plain = await sealer.open(pseudonym as string, value).catch(() => undefined);
        if (plain !== undefined && !isErased(plain)) return [pseudonym as string, plain];
      }
      return undefined;
    };

    // Nothing personal was ever stored or sent in clear, before any erasure.
    const before = await everywhere();
    for (const secret of [erased.pupil.taxCode, erased.pupil.lastName, erased.residence.address, 'maltrattamenti', kept.pupil.taxCode, 'Benedetto Marcello']) {
      expect(before).not.toContain(secret);
    }
    // Sort every sealed value in every database and on every topic by the child it belongs to.
    const owned = { a: [] as [string, string, unknown][], b: [] as [string, string, unknown][] };
    for (const value of new Set(before.match(SEALED) ?? [])) {
      const asA = await openAs(a, value);
      if (asA !== undefined) owned.a.push([value, ...asA]);
      const asB = await openAs(b, value);
      if (asB !== undefined) owned.b.push([value, ...asB]);
    }
    expect(owned.a.length).toBeGreaterThanOrEqual(10); // reports, case, police copy, note, events
    expect(owned.b.length).toBeGreaterThanOrEqual(8);
    expect(JSON.stringify(owned.a)).toContain('maltrattamenti');

    // The DPO's command, as an operator runs it.
    const output = system.eraseSubject(erased.pupil.taxCode.toLowerCase());
    // The child reached the municipality and police: one key version in each of those spaces; ATS and the court never had one.
    expect(output).toMatchObject({
      msg: 'subject erased',
      subject: a.coordinator,
      pseudonyms: a,
      everywhere: true,
      keyVersionsDestroyed: 2,
      keyVersionsDestroyedBySubject: { [a.coordinator as string]: 1, [a.police as string]: 1, [a.health as string]: 0, [a.court as string]: 0 },
      keyEncryptionKeyRotated: true,
    });
    expect(new Set(owned.a.map(([, pseudonym]) => pseudonym))).toEqual(new Set([a.coordinator, a.police]));

    for (const [value, pseudonym] of owned.a) expect(isErased(await sealer.open(pseudonym, value))).toBe(true);
    for (const [value, pseudonym, plain] of owned.b) expect(await sealer.open(pseudonym, value)).toEqual(plain);

    // Each agency's API says so, and only for that child.
    // At the school, the erasure sweep then clears the report's school too, so it leaves the school's view (404).
    const erasedAt = system.school(erasedReport.school.code);
    const first = await erasedAt.get<{ erased: boolean; pupil: unknown }>(`/reports/${erasedReport.id}`);
    if (first.status === 200) expect(first.body).toMatchObject({ erased: true, pupil: null });
    else expect(first.status).toBe(404);
    await eventually(async () => ((await erasedAt.get(`/reports/${erasedReport.id}`)).status === 404 ? true : undefined), 'the erasure sweep at the school');
    const keptAt = system.school(keptReport.school.code);
    expect((await keptAt.get<{ erased: boolean; pupil: { taxCode: string } }>(`/reports/${keptReport.id}`)).body.pupil.taxCode).toBe(kept.pupil.taxCode);
    const municipality = system.client('municipality');
    const erasedCase = (await municipality.get<{ erased: boolean; pupil: unknown; reports: { notes: unknown }[] }>(`/cases/${erasedReport.caseref}`)).body;
    expect(erasedCase).toMatchObject({ erased: true, pupil: null });
    expect(erasedCase.reports.map((r) => r.notes)).toEqual([null, null]);
    expect((await municipality.get<{ erased: boolean }>(`/cases/${keptReport.caseref}`)).body.erased).toBe(false);
    const police = await system.query<{ id: string; caseref: string }>('police', 'SELECT id, caseref FROM verification_requests');
    for (const { id, caseref } of police) {
      const view = (await system.client('police').get<{ erased: boolean }>(`/verifications/${id}`)).body;
      expect(view.erased).toBe(caseref === erasedReport.caseref);
    }

    // The rest keeps working: the erased child's case closes, the other child goes back to class.
    await flow.act(erasedReport.caseref, '/cases/:caseref/close', { reason: 'other' });
    // The child's swept reports are out of their schools' view; their status still arrives (read from the school's database).
    for (const report of [erasedReport, linked]) {
      await eventually(
        async () =>
          (await system.query<{ status: string }>('schools', 'SELECT status FROM reports WHERE id = $1', [report.id]))[0]?.status === 'closed'
            ? true
            : undefined,
        `erased report ${report.id} closed at its school`,
      );
    }
    await flow.act(keptReport.caseref, '/cases/:caseref/returned-to-class');
    await flow.schoolSees(keptReport.id, 'returned_to_class');

    // A new report about the erased child starts afresh under a new key version.
    const again = await flow.file({ ...reportFixture(rng), pupil: erased.pupil });
    await flow.schoolSees(again.id, 'received');
    expect((await system.school(again.school.code).get<{ erased: boolean }>(`/reports/${again.id}`)).body.erased).toBe(false);
    expect((await erasedAt.get(`/reports/${erasedReport.id}`)).status).toBe(404);
  });
});
