import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { childPseudonyms, isErased, loadSharingPolicy } from '@casenet/privacy';
import {
  DEV_PSEUDONYM_SECRETS,
  DEV_TRUST_LIST,
  devToken,
  eventually,
  FlowSteps,
  freeSystemPorts,
  ReferralSteps,
  REPO_ROOT,
  reportFixture,
  Rng,
  RunningSystem,
} from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

jest.setTimeout(300_000);

/** What the CLI's --json prints (apps/audit/src/disclosure/disclosure.record.ts), as far as this test reads it. */
interface RecordJson {
  caserefs: string[];
  pseudonymSpaces: string[];
  erasure: { erased: boolean; erasedAt: string[] };
  disclosures: {
    eventId: string;
    type: string;
    sender: string;
    recipient: string;
    caseref: string;
    pseudonymSpace: string;
    purpose: string;
    legalBasis: string;
    dataCategories: string[];
    personalData: string;
    verification: { verified: boolean; problems: string[] };
  }[];
  accessLogs: {
    agency: string;
    caserefs: string[];
    reads: { at: string; reader: string; route: string; purpose: string; caseref: string }[];
    note?: unknown;
  }[];
  integrity: { verified: boolean; archiveIntact: boolean; entriesNotVerified: number };
  legalBases: Record<string, { citation: string; explanation?: { it: string; en: string } }[]>;
  categories: { category: string; explanation: { it: string; en: string } }[];
}

interface LedgerEvent {
  id: string;
  type: string;
  subject: string;
  caseref: string;
  purpose: string;
  legalbasis: string;
  datacategories: string[];
  sealed?: string;
}

/**
 * A child's disclosure record (GDPR art. 15) for a child who went through every agency: the
 * school's report, screening and police verification, ATS care, the prosecutor's petition, the
 * court's investigation and mandate, and a police drug signal under police's own pseudonym. The
 * record lists every event each producer's ledger says it sent about the child, with the
 * sharing policy's purpose and basis, verified; every read of the child's cases in each agency's
 * access log; never a personal value; it says so when the archive is tampered with (exit 1); and
 * after the child's erasure it still lists every disclosure while the values are gone.
 */
describe('disclosure record, end to end', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const rng = new Rng(20261215);
  const fixture = reportFixture(rng, { concerns: ['substance_use', 'harm_to_child'], notes: 'Visto con ragazzi più grandi; lividi due volte questo mese.' });
  const pseudonyms = childPseudonyms(DEV_PSEUDONYM_SECRETS, fixture.pupil.taxCode);
  const policy = loadSharingPolicy();
  let caserefs: string[] = [];
  /** The sealed parts of the child's events, which opened before the erasure. */
  let sealedBefore: string[] = [];
  let schoolCode = '';
  const personalValues: string[] = [
    fixture.pupil.firstName,
    fixture.pupil.lastName,
    fixture.pupil.taxCode,
    fixture.pupil.taxCode.toLowerCase(),
    fixture.pupil.birthDate,
    fixture.residence.address,
    fixture.notes as string,
  ];

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_disclosure_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  /** The DPO's command as an operator runs it: the archive, the vault, every secret, each agency's API with an auditor token. */
  async function disclosure(args: string[], without: Agency[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    const apis: NodeJS.ProcessEnv = {};
    for (const agency of AGENCIES.filter((a) => !without.includes(a))) {
      apis[`${agency.toUpperCase()}_API_URL`] = system.services[agency].baseUrl;
      apis[`${agency.toUpperCase()}_AUDITOR_TOKEN`] = await devToken(agency, ['auditor'], agency === 'schools' ? { schoolCodes: [schoolCode] } : {});
    }
    const result = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, 'disclosure', ...args], {
      env: {
        ...process.env,
        AUDIT_DATABASE_URL: system.auditDatabase.url,
        TRUST_LIST_FILE: DEV_TRUST_LIST,
        ...system.dpoEnvironment(),
        ...apis,
      },
    });
    return { code: result.status ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
  }

  /** Every event each producer's own ledger says it published about the child: the oracle the archive-built record must match. */
  async function ledgered(): Promise<(LedgerEvent & { producer: Agency; topic: string })[]> {
    const subjects = new Set(Object.values(pseudonyms));
    const out: (LedgerEvent & { producer: Agency; topic: string })[] = [];
    for (const producer of AGENCIES) {
      for (const row of await system.query<{ topic: string; payload: Buffer }>(producer, 'SELECT topic, payload FROM ledger ORDER BY seq')) {
        const event = JSON.parse(row.payload.toString('utf8')) as LedgerEvent;
        if (subjects.has(event.subject) || caserefs.includes(event.caseref)) out.push({ ...event, producer, topic: row.topic });
      }
    }
    return out;
  }

  const archivedIds = async () =>
    new Set(
      (await system.queryAudit<{ event_id: string }>("SELECT event_id FROM archive WHERE topic NOT LIKE '%.dead-letter' AND event_id IS NOT NULL")).map(
        (r) => r.event_id,
      ),
    );

  /** Waits until the archive holds every event the ledgers hold about the child. */
  async function settled(): Promise<Awaited<ReturnType<typeof ledgered>>> {
    return eventually(async () => {
      const [events, archived] = [await ledgered(), await archivedIds()];
      return events.every((e) => archived.has(e.id)) ? events : undefined;
    }, 'the archive to hold every event about the child');
  }

  const accessLog = (agency: Agency) =>
    system.query<{ at: Date; subject: string; route: string; caseref: string }>(
      agency,
      'SELECT at, subject, route, caseref FROM access_log WHERE caseref = ANY($1)',
      [caserefs],
    );

  const noPersonalValue = (output: string) => {
    for (const value of personalValues) expect(output).not.toContain(value);
  };

  it('lists every disclosure about a child who went through every agency, verified, with who read the case where, and no value', async () => {
    // Schools → municipality → police.
    const report = await flow.file(fixture);
    schoolCode = report.school.code;
    const caseref = report.caseref;
    await flow.caseAt(caseref, 'screening');
    await flow.act(caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(caseref, 'confirmed_absent');
    await flow.caseAt(caseref, 'verified');
    await flow.act(caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatrice M. Bianchi' });
    personalValues.push('Educatrice M. Bianchi', 'Visited twice; neighbours say');

    // Police meets the child again, on the street: a signal under police's own pseudonym, its own caseref.
    const drugNote = 'Trovato al cancello della scuola con un compagno.';
    const signal = await system.client('police').post<{ caseref: string }>('/drug-events', {
      pupil: fixture.pupil,
      kind: 'possession_for_personal_use',
      municipio: 2,
      occurredAt: '2026-11-20T08:15:00Z',
      note: drugNote,
    });
    expect(signal.status).toBe(201);
    personalValues.push(drugNote);
    await eventually(async () => ((await web.case(caseref)).drugSignals.length === 1 ? true : undefined), 'the drug signal on the case');

    // ATS: accepted, care, completed.
    await web.refer(caseref, { agency: 'health', concern: 'substance_use', notes: 'Valutare; la madre è d’accordo.' });
    const atHealth = await web.received('health', caseref);
    await web.health(atHealth, 'accept');
    await web.health(atHealth, 'start');
    const clinical = 'SerD: uso di cannabis, sei colloqui, esami negativi.';
    await web.health(atHealth, 'complete', { outcome: 'care_plan_completed', clinicalNote: clinical });
    await web.referralAt(caseref, 'health', 'completed');
    personalValues.push('Valutare; la madre', clinical);

    // The prosecutor petitions, the court investigates and mandates care, the municipality reports back.
    await web.refer(caseref, { agency: 'court', grounds: 'harm_to_child', notes: 'Segnalazione di pregiudizio della scuola.' });
    const atCourt = await web.received('court', caseref);
    await web.petitioned(atCourt);
    await web.court(atCourt, 'register', { docket: 'VG 5150/2026' });
    const questions = 'Condizioni del nucleo familiare e rete di supporto.';
    const requested = await web.requestInvestigation(atCourt, questions);
    const investigation = await web.investigationAt(caseref, 'requested');
    const courtSees = (state: string) =>
      eventually(async () => {
        const view = (await system.client('court').get<{ state: string }>(`/investigations/${requested.id}`)).body;
        return view.state === state ? true : undefined;
      }, `the court to see the investigation ${state}`);
    await web.post('municipality', `/investigations/${investigation.investigationId}/accept`, undefined, 200);
    await courtSees('accepted');
    const investigationReport = 'Nucleo monoparentale; si propone sostegno educativo domiciliare.';
    await web.post('municipality', `/investigations/${investigation.investigationId}/complete`, { report: investigationReport }, 200);
    await courtSees('completed');
    await web.court(atCourt, 'hearing');
    await web.court(atCourt, 'orders', {
      order: 'mandate_level_ii',
      operativePart: 'Affida il minore al Servizio Sociale del Comune di Milano.',
      judicialNote: 'Relazione del PM: maltrattamenti in famiglia.',
    });
    const mandate = await web.mandateAt(caseref, 'awaiting_acknowledgement');
    await web.post('municipality', `/mandates/${mandate.orderId}/acknowledge`, undefined, 200);
    await web.post('municipality', `/mandates/${mandate.orderId}/report`, { status: 'care_started', report: 'Incontri settimanali con la famiglia.' }, 200);
    personalValues.push(
      questions,
      investigationReport,
      'Affida il minore',
      'maltrattamenti',
      'Incontri settimanali',
      'VG 5150/2026',
      'Segnalazione di pregiudizio',
    );

    // Caseworkers read the child's case in each agency.
    await flow.schoolSees(report, 'taken_in_charge');
    await web.case(caseref);
    const [verification] = await system.query<{ id: string }>('police', 'SELECT id FROM verification_requests WHERE caseref = $1', [caseref]);
    expect((await system.client('police').get(`/verifications/${verification?.id}`)).status).toBe(200);
    expect((await system.client('health').get(`/referrals/${atHealth}`)).status).toBe(200);
    expect((await system.client('court').get(`/proceedings/${atCourt}`)).status).toBe(200);
    expect((await system.client('court', ['prosecutor']).get(`/prosecutor-files/${atCourt}`)).status).toBe(200);

    caserefs = [caseref, signal.body.caseref];
    const events = await settled();
    // Every agency took part, in both directions where the flow goes both ways.
    const pairs = new Set(events.map((e) => `${e.producer}→${e.topic.replace(/^.*?([a-z]+)\.inbox\.v1$/, '$1')}`));
    for (const pair of [
      'schools→municipality',
      'municipality→schools',
      'municipality→police',
      'police→municipality',
      'municipality→health',
      'health→municipality',
      'municipality→court',
      'court→municipality',
    ])
      expect(pairs).toContain(pair);

    const dir = mkdtempSync(join(tmpdir(), 'casenet-disclosure-'));
    const html = join(dir, 'record.html');
    const json = await disclosure(['--tax-code', fixture.pupil.taxCode.toLowerCase(), '--json', '--html', html]);
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const record = JSON.parse(json.stdout) as RecordJson;

    // Every event the producers sent about the child, once, with the policy's purpose and basis and the categories it carried.
    expect(record.disclosures.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    for (const event of events) {
      const entry = record.disclosures.find((d) => d.eventId === event.id);
      const recipient = event.topic.replace(/^.*?([a-z]+)\.inbox\.v1$/, '$1') as Agency;
      const rule = policy.rule(event.type, recipient);
      expect(entry).toMatchObject({
        type: event.type,
        sender: event.producer,
        recipient,
        caseref: event.caseref,
        purpose: rule?.purpose,
        legalBasis: rule?.legalBasis,
        dataCategories: event.datacategories,
        personalData: event.sealed ? 'sealed' : 'none',
        verification: { verified: true, problems: [] },
      });
    }
    // The values existed (sealed under live keys), and the record showed none of them.
    const sealer = system.keyVault.sealer;
    for (const event of events.filter((e) => e.sealed)) expect(isErased(await sealer.open(event.subject, event.sealed as string))).toBe(false);
    sealedBefore = events.filter((e) => e.sealed).map((e) => e.id);
    expect(sealedBefore.length).toBeGreaterThan(0);
    expect(new Set(record.caserefs)).toEqual(new Set(caserefs));
    expect(record.pseudonymSpaces).toEqual(expect.arrayContaining(['coordinator', 'police', 'health', 'court']));
    expect(record.integrity).toMatchObject({ verified: true, archiveIntact: true, entriesNotVerified: 0 });
    expect(record.erasure.erased).toBe(false);
    // Each legal basis cited is explained, each category described in both languages.
    for (const [basis, citations] of Object.entries(record.legalBases)) {
      expect(citations.length).toBeGreaterThan(0);
      expect(citations.every((c) => c.explanation?.it && c.explanation.en)).toBe(true);
      expect(basis.length).toBeGreaterThan(0);
    }
    expect(record.categories.map((c) => c.category)).toEqual(expect.arrayContaining(['identity', 'contact', 'school', 'social', 'mandate']));

    // Who read the child's case in each agency: exactly what each agency's own access log holds.
    for (const agency of AGENCIES) {
      const section = record.accessLogs.find((s) => s.agency === agency);
      const rows = (await accessLog(agency)).filter((r) => agency !== 'schools' || section?.caserefs.includes(r.caseref));
      expect(rows.length).toBeGreaterThan(0);
      expect(section?.reads.map((r) => `${r.at} ${r.reader} ${r.route} ${r.caseref}`).sort()).toEqual(
        rows.map((r) => `${new Date(r.at).toISOString()} ${r.subject} ${r.route} ${r.caseref}`).sort(),
      );
    }
    const routes = (agency: Agency) => record.accessLogs.find((s) => s.agency === agency)?.reads.map((r) => r.route) ?? [];
    expect(routes('schools')).toContain('GET /reports/:id');
    expect(routes('police')).toContain('GET /verifications/:id');
    expect(routes('health')).toContain('GET /referrals/:id');
    expect(routes('court')).toEqual(expect.arrayContaining(['GET /proceedings/:id', 'GET /prosecutor-files/:id']));

    // The text and the page say the same, in Italian first; no personal value anywhere.
    const text = await disclosure(['--tax-code', fixture.pupil.taxCode]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/VERIFICATO \/ VERIFIED/);
    for (const event of events) expect(text.stdout).toContain(event.type);
    const page = readFileSync(html, 'utf8');
    expect(page).toMatch(/<html lang="it">/);
    expect(page).toContain('Comunicazioni tra enti');
    expect(page).toContain('Basi giuridiche');
    for (const output of [json.stdout, text.stdout, page]) noPersonalValue(output);

    // The same record from a case reference alone (no secret needed): the child's other cases and pseudonyms follow from the archive.
    const fromCase = await disclosure(['--case', caseref, '--json']);
    expect(fromCase.code).toBe(0);
    const byCase = JSON.parse(fromCase.stdout) as RecordJson;
    expect(byCase.disclosures.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());

    // A record without an agency's access log is refused, naming what to set: the reads are part of it.
    const incomplete = await disclosure(['--tax-code', fixture.pupil.taxCode], ['health']);
    expect(incomplete.code).toBe(2);
    expect(incomplete.stderr).toMatch(/reached .*health.*set HEALTH_API_URL, HEALTH_AUDITOR_TOKEN/);
    expect(incomplete.stdout).toBe('');
  });

  it('after the erasure: every disclosure is still listed, the values are gone, and the record says when', async () => {
    const before = await settled();
    const output = system.eraseSubject(fixture.pupil.taxCode);
    expect(output).toMatchObject({ msg: 'subject erased', everywhere: true });

    const run = await disclosure(['--tax-code', fixture.pupil.taxCode, '--json']);
    expect(run.code).toBe(0);
    const record = JSON.parse(run.stdout) as RecordJson;
    expect(record.erasure.erased).toBe(true);
    expect(record.erasure.erasedAt).toHaveLength(1);
    expect(Math.abs(Date.parse(record.erasure.erasedAt[0] as string) - Date.now())).toBeLessThan(120_000);
    // Every disclosure remains: who, whom, when, why, which categories.
    const events = await ledgered();
    expect(record.disclosures.map((d) => d.eventId).sort()).toEqual(events.map((e) => e.id).sort());
    expect(events.length).toBeGreaterThanOrEqual(before.length);
    for (const event of events) {
      expect(record.disclosures.find((d) => d.eventId === event.id)).toMatchObject({
        type: event.type,
        purpose: event.purpose,
        legalBasis: event.legalbasis,
        dataCategories: event.datacategories,
        personalData: event.sealed ? 'erased' : 'none',
        verification: { verified: true },
      });
    }
    // The values are gone: no sealed part of any of them opens any more.
    const sealer = system.keyVault.sealer;
    const sealed = events.filter((e) => e.sealed);
    expect(sealed.map((e) => e.id)).toEqual(expect.arrayContaining(sealedBefore));
    for (const event of sealed) expect(isErased(await sealer.open(event.subject, event.sealed as string))).toBe(true);
    // Reads stay listed where the agency's log still attributes them. The school's cannot: erasure
    // forgot which school filed the report (the school a child attends is the child's data), and
    // the record says so rather than showing none.
    for (const agency of ['municipality', 'police', 'health', 'court'] as const)
      expect(record.accessLogs.find((s) => s.agency === agency)?.reads.length).toBeGreaterThan(0);
    expect(record.accessLogs.find((s) => s.agency === 'schools')?.note).toBeDefined();
    const text = await disclosure(['--tax-code', fixture.pupil.taxCode]);
    expect(text.stdout).toMatch(/CANCELLATO \/ ERASED at/);
    noPersonalValue(run.stdout + text.stdout);
  });

  it('says so, and exits 1, when an archived event about the child was changed by hand', async () => {
    const [target] = await system.queryAudit<{ id: string; payload: Buffer; event_id: string }>(
      "SELECT id::text, payload, event_id FROM archive WHERE caseref = $1 AND event_type LIKE 'police.%' AND topic NOT LIKE '%.dead-letter' ORDER BY archive.id LIMIT 1",
      [caserefs[0]],
    );
    expect(target).toBeDefined();
    const event = JSON.parse((target as { payload: Buffer }).payload.toString('utf8')) as { purpose: string };
    const forged = Buffer.from(JSON.stringify({ ...event, purpose: 'statistics-only' }));
    const url = new URL(system.postgres.adminUrl);
    url.pathname = new URL(system.auditDatabase.url).pathname;
    const admin = new pg.Client({ connectionString: url.toString() });
    await admin.connect();
    try {
      await admin.query('ALTER TABLE archive DISABLE TRIGGER USER');
      await admin.query('UPDATE archive SET payload = $2 WHERE id = $1', [target?.id, forged]);
      await admin.query('ALTER TABLE archive ENABLE TRIGGER USER');
    } finally {
      await admin.end();
    }

    const run = await disclosure(['--tax-code', fixture.pupil.taxCode, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/TAMPERING FOUND/);
    const record = JSON.parse(run.stdout) as RecordJson;
    expect(record.integrity).toMatchObject({ verified: false, archiveIntact: false, entriesNotVerified: 1 });
    const tampered = record.disclosures.find((d) => d.eventId === target?.event_id);
    expect(tampered?.verification.verified).toBe(false);
    expect(tampered?.verification.problems.join(' ')).toMatch(/signature does not match/);
    expect(record.disclosures.filter((d) => d.eventId !== target?.event_id).every((d) => d.verification.verified)).toBe(true);
    const text = await disclosure(['--tax-code', fixture.pupil.taxCode]);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/NON VERIFICATO \/ NOT VERIFIED/);
    expect(text.stdout).toContain(`NOT VERIFIED: police's signature does not match`);
  });
});
