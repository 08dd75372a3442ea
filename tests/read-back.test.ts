import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import {
  eventually,
  FIXTURE_SCHOOL_CODES,
  freeSystemPorts,
  intakeFixture,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  type WebCase,
} from '@casenet/testing';
import { DRUG_EVENT_KINDS } from '@casenet/contracts';
import fc from 'fast-check';

jest.setTimeout(600_000);

interface Operation {
  responses?: Record<string, { links?: Record<string, { operationRef?: string; parameters?: Record<string, string> }> }>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, { properties?: Record<string, { enum?: string[] }>; required?: string[] }> };
}

const ACTION_METHODS = ['post', 'put', 'patch', 'delete'];

/** Reads a JSON pointer (`/a/0/b`) in a response body. */
function pointer(body: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), body);
}

/**
 * Every action goes through here: it performs the action, follows the response link its OpenAPI
 * document declares to the GET of the same resource, reads it at once and keeps both bodies.
 */
class ReadBack {
  readonly compared: { route: string; action: unknown; read: unknown }[] = [];
  readonly problems: string[] = [];

  constructor(
    private readonly system: RunningSystem,
    readonly documents: Record<Agency, OpenApiDocument>,
  ) {}

  /** Every action route of every document, as `agency METHOD /path`; the dev login mints a token, no resource to read back. */
  actions(): string[] {
    return AGENCIES.flatMap((agency) =>
      Object.entries(this.documents[agency].paths)
        .filter(([path]) => path !== '/session/dev-token')
        .flatMap(([path, methods]) =>
          Object.keys(methods)
            .filter((m) => ACTION_METHODS.includes(m))
            .map((m) => `${agency} ${m.toUpperCase()} ${path}`),
        ),
    );
  }

  async act<T>(agency: Agency, method: string, template: string, params: Record<string, string>, body?: unknown, roles: string[] = ['caseworker']): Promise<T> {
    const route = `${agency} ${method} ${template}`;
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
    const client = this.system.client(agency, roles, agency === 'schools' ? FIXTURE_SCHOOL_CODES : undefined);
    const answer = await client.request<T>(method, path, body);
    if (answer.status >= 300) throw new Error(`${route} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const operation = this.documents[agency].paths[template]?.[method.toLowerCase()];
    const link = operation?.responses?.[String(answer.status)]?.links?.['read'];
    if (!link?.operationRef) {
      this.problems.push(`${route}: its ${answer.status} response declares no link to the GET of its resource`);
      return answer.body;
    }
    const getTemplate = decodeURIComponent(link.operationRef.replace(/^#\/paths\//, '').replace(/\/get$/, ''))
      .replace(/~1/g, '/')
      .replace(/~0/g, '~');
    const getPath = getTemplate.replace(/\{(\w+)\}/g, (_, name: string) => {
      const source = link.parameters?.[name] ?? '';
      const value = source.startsWith('$request.path.')
        ? params[source.slice('$request.path.'.length)]
        : source.startsWith('$response.body#')
          ? pointer(answer.body, source.slice('$response.body#'.length))
          : undefined;
      if (typeof value !== 'string') throw new Error(`${route}: link parameter ${name} (${source}) resolves to nothing`);
      return value;
    });
    const read = await client.get<unknown>(getPath);
    if (read.status !== 200) throw new Error(`GET ${getPath} after ${route} answered ${read.status}`);
    this.compared.push({ route, action: answer.body, read: read.body });
    return answer.body;
  }
}

/**
 * What the APIs show, checked across the five service processes: an action answers exactly what
 * the GET of its resource answers right after (every action route of every OpenAPI document,
 * found in the documents, so a new route is covered or the test fails); once the obligation a
 * deadline tracks is fulfilled or becomes moot, no view shows that deadline as running; what an
 * agency records it can read back (police drug events), and a police signal about a child with
 * no case is visible to the municipality and meets the case that opens later.
 */
describe('read-back: actions answer their GET, settled deadlines, records an agency can read', () => {
  let system: RunningSystem;
  let web: ReferralSteps;
  let readBack: ReadBack;
  const rng = new Rng(20261130);
  /** Per deadline kind and terminal state of its obligation: the case it was driven on and the ref of the deadline. */
  const driven: { kind: string; terminal: string; caseref: string; ref: string; expected: 'met' | 'cancelled' }[] = [];

  const municipality = <T>(method: string, template: string, params: Record<string, string>, body?: unknown, roles?: string[]) =>
    readBack.act<T>('municipality', method, template, params, body, roles);

  async function openCase(concerns: string[] = []): Promise<{ caseref: string; reportId: string }> {
    // Not through the read-back: the route is compared once, below, while the municipality cannot answer at once.
    const answer = await system
      .client('schools', undefined, FIXTURE_SCHOOL_CODES)
      .post<{ id: string; caseref: string }>('/reports', reportFixture(rng, { concerns }));
    if (answer.status !== 201) throw new Error(`POST /reports answered ${answer.status}`);
    const filed = answer.body;
    await eventually(
      async () => ((await system.client('municipality').get<{ state: string }>(`/cases/${filed.caseref}`)).status === 200 ? true : undefined),
      `case ${filed.caseref}`,
    );
    return { caseref: filed.caseref, reportId: filed.id };
  }

  async function verify(caseref: string): Promise<string> {
    await municipality('POST', '/screening/cases/{caseref}/forward', { caseref });
    const id = await eventually(
      async () => (await system.query<{ id: string }>('police', 'SELECT id FROM verification_requests WHERE caseref = $1', [caseref]))[0]?.id,
      'the verification request',
    );
    await readBack.act('police', 'POST', '/verifications/{id}/outcome', { id }, { outcome: 'confirmed_absent', note: 'Nobody at home twice.' });
    await eventually(async () => ((await web.case(caseref)).state === 'verified' ? true : undefined), `case ${caseref} verified`);
    driven.push({ kind: 'police.verification', terminal: 'completed', caseref, ref: id, expected: 'met' });
    return id;
  }

  async function refer(
    caseref: string,
    body: { agency: 'health' | 'court'; concern?: string; grounds?: string },
  ): Promise<{ referralId: string; atAgency: string }> {
    const referral = await municipality<{ referralId: string }>('POST', '/cases/{caseref}/referrals', { caseref }, body);
    // A court referral reaches the prosecutor's desk first; a petition opens the proceeding under the same id.
    const table = body.agency === 'health' ? 'health_referrals' : 'prosecutor_files';
    const atAgency = await eventually(
      async () => (await system.query<{ id: string }>(body.agency, `SELECT id FROM ${table} WHERE id = $1`, [referral.referralId]))[0]?.id,
      `${body.agency} to receive ${referral.referralId}`,
    );
    return { referralId: referral.referralId, atAgency };
  }

  const referralAt = (caseref: string, referralId: string, state: string) =>
    eventually(
      async () => ((await web.case(caseref)).referrals.find((r) => r.referralId === referralId && r.state === state) ? true : undefined),
      `referral ${referralId} ${state}`,
    );

  async function withdraw(caseref: string, referralId: string, kind: string): Promise<void> {
    await municipality('POST', '/cases/{caseref}/referrals/{referralId}/withdraw', { caseref, referralId }, { reason: 'resolved' });
    driven.push({ kind, terminal: 'withdrawn', caseref, ref: referralId, expected: 'cancelled' });
  }

  const prosecutor = (action: 'accept' | 'decline' | 'archive' | 'petition', id: string, body?: unknown) =>
    readBack.act('court', 'POST', `/prosecutor-files/{id}/${action}`, { id }, body, ['prosecutor']);

  /** The court asks social services for an investigation; resolves with its id once the municipality has it. */
  async function investigation(caseref: string, atCourt: string): Promise<string> {
    const asked = await readBack.act<{ id: string }>(
      'court',
      'POST',
      '/proceedings/{id}/investigations',
      { id: atCourt },
      { questions: 'Condizioni del nucleo.' },
    );
    await eventually(
      async () => ((await web.case(caseref)).investigations.some((i) => i.investigationId === asked.id) ? true : undefined),
      'the investigation at the municipality',
    );
    return asked.id;
  }

  async function mandate(caseref: string, atCourt: string, ending: 'care_completed' | 'care_refused'): Promise<void> {
    await readBack.act(
      'court',
      'POST',
      '/proceedings/{id}/orders',
      { id: atCourt },
      { order: 'mandate_level_ii', operativePart: 'Affida il minore al Servizio Sociale.', judicialNote: 'Nota del giudice.' },
    );
    const orderId = await eventually(
      async () => (await web.case(caseref)).mandates.find((m) => m.state === 'awaiting_acknowledgement')?.orderId,
      'the mandate',
    );
    await municipality('POST', '/mandates/{orderId}/acknowledge', { orderId });
    await municipality('POST', '/mandates/{orderId}/report', { orderId }, { status: 'care_started', report: 'Weekly meetings.' });
    await municipality(
      'POST',
      '/mandates/{orderId}/report',
      { orderId },
      { status: ending, report: ending === 'care_completed' ? 'Back in class.' : 'The family refused.' },
    );
    await eventually(async () => {
      const rows = await system.query<{ mandate_state: string }>('court', 'SELECT mandate_state FROM court_orders WHERE id = $1', [orderId]);
      return rows[0]?.mandate_state === ending ? true : undefined;
    }, `the court to see the mandate ${ending}`);
    driven.push({ kind: 'mandate.acknowledgement', terminal: ending, caseref, ref: orderId, expected: 'met' });
  }

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_views_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    web = new ReferralSteps(system);
    const documents = {} as Record<Agency, OpenApiDocument>;
    for (const agency of AGENCIES) documents[agency] = (await system.client(agency).request<OpenApiDocument>('GET', '/openapi.json', undefined, null)).body;
    readBack = new ReadBack(system, documents);

    // The municipality answers every school report at once (status `received`): it waits while
    // the first report is filed, so that report's read-back sees only the filing.
    await system.services.municipality.stop();
    const first = await readBack.act<{ id: string; caseref: string }>(
      'schools',
      'POST',
      '/reports',
      {},
      reportFixture(rng, { concerns: ['substance_use', 'harm_to_child'] }),
    );
    await system.restart('municipality');
    const full = first.caseref;
    await eventually(async () => ((await system.client('municipality').get(`/cases/${full}`)).status === 200 ? true : undefined), 'the first case');

    // One case through every step: screening, police, care, ATS and the court to the end.
    await municipality('POST', '/cases/{caseref}/assignment', { caseref: full }, { assignee: 'caseworker-m.bianchi' }, ['supervisor']);
    await verify(full);
    await municipality('POST', '/cases/{caseref}/take-in-charge', { caseref: full }, { programme: 'tutoring_educativo', educator: 'Educatrice M. Bianchi' });
    // The other ways in: local services read back their intake's status; a family's access answers with the case.
    const reported = await municipality<{ caseref: string }>(
      'POST',
      '/intakes/local-services',
      {},
      { ...intakeFixture(rng), service: 'Servizio sociale, Municipio 3' },
      ['local_services'],
    );
    await municipality(
      'POST',
      '/cases/{caseref}/take-in-charge',
      { caseref: reported.caseref },
      { programmes: ['tutoring_educativo'], educator: 'Educatore P. Galli' },
    );
    await municipality('POST', '/intakes/spontaneous-access', {}, intakeFixture(rng));
    // The school office's survey: the UST opens a campaign, a school answers both parts.
    const surveyed = FIXTURE_SCHOOL_CODES[0] as string;
    const campaign = await readBack.act<{ id: string }>(
      'schools',
      'POST',
      '/survey/campaigns',
      {},
      {
        schoolYear: '2025/26',
        deadline: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10),
        institutions: [{ code: surveyed, name: 'Istituto di prova', area: 'milano', private: false }],
      },
      ['ust'],
    );
    const questionnaire = { campaignId: campaign.id, code: surveyed };
    await readBack.act('schools', 'POST', '/survey/campaigns/{campaignId}/questionnaires/{code}/general', questionnaire, {
      sites: 1,
      studentsEnrolled: 900,
      tracks: ['tecnico'],
      dropoutReferent: true,
      listeningDesk: false,
    });
    await readBack.act(
      'schools',
      'POST',
      '/survey/campaigns/{campaignId}/questionnaires/{code}/tracks/{track}',
      { ...questionnaire, track: 'tecnico' },
      { enrolled: 300, withdrawn: 4, transferredOut: 6, irregularAttendance: 12, neverAttended: 1 },
    );
    const health = await refer(full, { agency: 'health', concern: 'substance_use' });
    await readBack.act('health', 'POST', '/referrals/{id}/assignment', { id: health.atAgency }, { assignee: 'dr.ferri@ats-milano.it' }, ['supervisor']);
    await readBack.act('health', 'POST', '/referrals/{id}/accept', { id: health.atAgency });
    await readBack.act('health', 'POST', '/referrals/{id}/start', { id: health.atAgency }, { asst: 'asst_fatebenefratelli_sacco', service: 'serd' });
    await readBack.act(
      'health',
      'POST',
      '/referrals/{id}/complete',
      { id: health.atAgency },
      { outcome: 'care_plan_completed', clinicalNote: 'Counselling x6.' },
    );
    await referralAt(full, health.referralId, 'completed');
    driven.push({ kind: 'health.acceptance', terminal: 'completed', caseref: full, ref: health.referralId, expected: 'met' });
    const court = await refer(full, { agency: 'court', grounds: 'harm_to_child' });
    await prosecutor('accept', court.atAgency);
    await prosecutor('petition', court.atAgency, { note: 'Ricorso al Tribunale.' });
    await readBack.act('court', 'POST', '/proceedings/{id}/assignment', { id: court.atAgency }, { assignee: 'giudice.rossi' }, ['supervisor']);
    await readBack.act('court', 'POST', '/proceedings/{id}/register', { id: court.atAgency }, { docket: `VG ${rng.int(1, 99_999)}/2026` });
    const asked = await investigation(full, court.atAgency);
    await municipality('POST', '/investigations/{investigationId}/accept', { investigationId: asked });
    await municipality('POST', '/investigations/{investigationId}/complete', { investigationId: asked }, { report: 'Relazione dei servizi.' });
    await eventually(async () => {
      const rows = await system.query<{ state: string }>('court', 'SELECT state FROM investigations WHERE id = $1', [asked]);
      return rows[0]?.state === 'completed' ? true : undefined;
    }, 'the report at the court');
    driven.push({ kind: 'investigation.report', terminal: 'completed', caseref: full, ref: asked, expected: 'met' });
    await readBack.act('court', 'POST', '/proceedings/{id}/hearing', { id: court.atAgency });
    await mandate(full, court.atAgency, 'care_completed');
    await referralAt(full, court.referralId, 'completed');
    driven.push({ kind: 'court.acceptance', terminal: 'completed', caseref: full, ref: court.referralId, expected: 'met' });
    await municipality('POST', '/cases/{caseref}/returned-to-class', { caseref: full });

    // Loops that end otherwise: withdrawn before any answer, declined; a refused mandate.
    const other = (await openCase(['bullying', 'harm_to_child'])).caseref;
    const withdrawnHealth = await refer(other, { agency: 'health', concern: 'bullying' });
    await withdraw(other, withdrawnHealth.referralId, 'health.acceptance');
    const declinedHealth = await refer(other, { agency: 'health', concern: 'bullying' });
    await readBack.act('health', 'POST', '/referrals/{id}/decline', { id: declinedHealth.atAgency }, { reason: 'family_refused' });
    await referralAt(other, declinedHealth.referralId, 'declined');
    driven.push({ kind: 'health.acceptance', terminal: 'declined', caseref: other, ref: declinedHealth.referralId, expected: 'met' });
    const withdrawnCourt = await refer(other, { agency: 'court', grounds: 'harm_to_child' });
    await withdraw(other, withdrawnCourt.referralId, 'court.acceptance');
    const declinedCourt = await refer(other, { agency: 'court', grounds: 'harm_to_child' });
    await prosecutor('decline', declinedCourt.atAgency, { reason: 'insufficient_grounds' });
    await referralAt(other, declinedCourt.referralId, 'declined');
    driven.push({ kind: 'court.acceptance', terminal: 'declined', caseref: other, ref: declinedCourt.referralId, expected: 'met' });
    const archivedCourt = await refer(other, { agency: 'court', grounds: 'harm_to_child' });
    await prosecutor('accept', archivedCourt.atAgency);
    await prosecutor('archive', archivedCourt.atAgency, { reason: 'no_prejudice_found', note: 'Nessun pregiudizio.' });
    await referralAt(other, archivedCourt.referralId, 'completed');
    driven.push({ kind: 'court.acceptance', terminal: 'completed', caseref: other, ref: archivedCourt.referralId, expected: 'met' });
    await verify(other);
    await municipality('POST', '/cases/{caseref}/close', { caseref: other }, { reason: 'resolved' });

    const refused = (await openCase(['harm_to_child'])).caseref;
    const refusedCourt = await refer(refused, { agency: 'court', grounds: 'harm_to_child' });
    await web.petitioned(refusedCourt.atAgency);
    await readBack.act('court', 'POST', '/proceedings/{id}/register', { id: refusedCourt.atAgency }, { docket: `VG ${rng.int(1, 99_999)}/2026` });
    await mandate(refused, refusedCourt.atAgency, 'care_refused');

    // An investigation made moot: the municipality withdraws the petitioned referral while the report is owed.
    const moot = (await openCase(['harm_to_child'])).caseref;
    const mootCourt = await refer(moot, { agency: 'court', grounds: 'harm_to_child' });
    await web.petitioned(mootCourt.atAgency);
    await web.court(mootCourt.atAgency, 'register', { docket: `VG ${rng.int(1, 99_999)}/2026` });
    const mootInvestigation = await investigation(moot, mootCourt.atAgency);
    // Its acceptance deadline was met by the prosecutor: only the investigation's is made moot here.
    await municipality('POST', '/cases/{caseref}/referrals/{referralId}/withdraw', { caseref: moot, referralId: mootCourt.referralId }, { reason: 'resolved' });
    driven.push({ kind: 'investigation.report', terminal: 'withdrawn', caseref: moot, ref: mootInvestigation, expected: 'cancelled' });
    await eventually(async () => {
      const rows = await system.query<{ state: string }>('court', 'SELECT state FROM investigations WHERE id = $1', [mootInvestigation]);
      return rows[0]?.state === 'withdrawn' ? true : undefined;
    }, 'the court to withdraw the moot investigation');

    const screenedOut = (await openCase()).caseref;
    await municipality('POST', '/screening/cases/{caseref}/close', { caseref: screenedOut }, { reason: 'clerical_error' });

    const fixture = reportFixture(rng);
    await readBack.act(
      'police',
      'POST',
      '/drug-events',
      {},
      { pupil: fixture.pupil, kind: 'possession_for_personal_use', municipio: 4, occurredAt: '2026-11-20T08:15:00Z' },
    );
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('answers every action route of every service with exactly what the GET of the same resource answers right after', () => {
    const routes = readBack.actions();
    expect(routes.length).toBeGreaterThan(20);
    // Every action route in the documents was exercised: a new route fails here until it is.
    expect([...new Set(readBack.compared.map((c) => c.route))].sort()).toEqual([...routes].sort());
    expect(readBack.problems).toEqual([]);
    const disagreeing = readBack.compared
      .filter((c) => !sameJson(c.action, c.read))
      .map((c) => `${c.route}\n  action: ${JSON.stringify(c.action)}\n  GET:    ${JSON.stringify(c.read)}`);
    process.stdout.write(`read-back: ${readBack.compared.length} actions on ${routes.length} routes compared with their GET, ${disagreeing.length} disagree\n`);
    expect(disagreeing).toEqual([]);
  });

  it('settles every deadline kind in every terminal state of its obligation, and no view shows it running', async () => {
    // The kinds every service declares (its configured rules, the enum of DeadlineView.kind).
    const declared = new Set(AGENCIES.flatMap((agency) => readBack.documents[agency].components?.schemas?.['DeadlineView']?.properties?.['kind']?.enum ?? []));
    expect([...declared].sort()).toEqual(['court.acceptance', 'health.acceptance', 'investigation.report', 'mandate.acknowledgement', 'police.verification']);
    expect([...new Set(driven.map((d) => d.kind))].sort()).toEqual([...declared].sort());
    const terminals = (kind: string) => [...new Set(driven.filter((d) => d.kind === kind).map((d) => d.terminal))].sort();
    expect(terminals('police.verification')).toEqual(['completed']); // police must verify: no decline, no withdrawal
    expect(terminals('health.acceptance')).toEqual(['completed', 'declined', 'withdrawn']);
    expect(terminals('court.acceptance')).toEqual(['completed', 'declined', 'withdrawn']);
    expect(terminals('mandate.acknowledgement')).toEqual(['care_completed', 'care_refused']);
    expect(terminals('investigation.report')).toEqual(['completed', 'withdrawn']); // social services cannot decline what the court orders

    const wrong: string[] = [];
    const deadlinesIn = (view: unknown, where: string, ref: string, kind: string, expected: string) => {
      const list = (view as { deadlines?: { kind: string; state: string; open: boolean; overdue: boolean }[] }).deadlines ?? [];
      const mine = list.filter((d) => d.kind === kind);
      if (mine.length === 0) wrong.push(`${where}: no ${kind} deadline for ${ref}`);
      for (const d of mine)
        if (d.state !== expected || d.open || d.overdue) wrong.push(`${where}: ${kind} of ${ref} is ${JSON.stringify(d)}, expected ${expected}`);
      if ((view as { overdue?: boolean }).overdue) wrong.push(`${where}: ${ref} still overdue`);
    };
    for (const d of driven) {
      const whole: WebCase = await web.case(d.caseref);
      if (d.kind === 'mandate.acknowledgement') {
        deadlinesIn(
          whole.mandates.find((m) => m.orderId === d.ref),
          `municipality GET /cases/${d.caseref} mandates`,
          d.ref,
          d.kind,
          d.expected,
        );
        deadlinesIn((await system.client('municipality').get(`/mandates/${d.ref}`)).body, 'municipality GET /mandates/{orderId}', d.ref, d.kind, d.expected);
        const listed = (await system.client('municipality').get<{ items: { orderId: string }[] }>('/mandates?limit=200')).body.items.find(
          (m) => m.orderId === d.ref,
        );
        deadlinesIn(listed, 'municipality GET /mandates', d.ref, d.kind, d.expected);
        const order = (await system.client('court').get<{ proceedingId?: string }>(`/orders/${d.ref}`)).body;
        deadlinesIn(order, 'court GET /orders/{id}', d.ref, d.kind, d.expected);
      } else if (d.kind === 'investigation.report') {
        deadlinesIn(
          whole.investigations.find((i) => i.investigationId === d.ref),
          `municipality GET /cases/${d.caseref} investigations`,
          d.ref,
          d.kind,
          d.expected,
        );
        deadlinesIn(
          (await system.client('municipality').get(`/investigations/${d.ref}`)).body,
          'municipality GET /investigations/{investigationId}',
          d.ref,
          d.kind,
          d.expected,
        );
        const listed = (await system.client('municipality').get<{ items: { investigationId: string }[] }>('/investigations?limit=200')).body.items.find(
          (i) => i.investigationId === d.ref,
        );
        deadlinesIn(listed, 'municipality GET /investigations', d.ref, d.kind, d.expected);
        deadlinesIn((await system.client('court').get(`/investigations/${d.ref}`)).body, 'court GET /investigations/{id}', d.ref, d.kind, d.expected);
      } else {
        deadlinesIn(
          whole.referrals.find((r) => r.referralId === d.ref),
          `municipality GET /cases/${d.caseref} referrals`,
          d.ref,
          d.kind,
          d.expected,
        );
        deadlinesIn(
          (await system.client('municipality').get(`/referrals/${d.ref}`)).body,
          'municipality GET /referrals/{referralId}',
          d.ref,
          d.kind,
          d.expected,
        );
        const listed = (await system.client('municipality').get<{ items: { referralId: string }[] }>('/referrals?limit=200')).body.items.find(
          (r) => r.referralId === d.ref,
        );
        deadlinesIn(listed, 'municipality GET /referrals', d.ref, d.kind, d.expected);
      }
    }
    // The agencies' own views of the same obligations: nothing shown overdue once it is answered.
    for (const [agency, path] of [
      ['police', '/verifications?limit=200'],
      ['health', '/referrals?limit=200'],
      ['court', '/proceedings?limit=200'],
      ['court', '/orders?limit=200'],
      ['court', '/investigations?limit=200'],
    ] as const) {
      const items = (await system.client(agency).get<{ items: { overdue?: boolean; id: string }[] }>(path)).body.items;
      for (const item of items) if (item.overdue) wrong.push(`${agency} ${path}: ${item.id} overdue`);
    }
    const files = (await system.client('court', ['prosecutor']).get<{ items: { overdue: boolean; id: string }[] }>('/prosecutor-files?limit=200')).body.items;
    for (const file of files) if (file.overdue) wrong.push(`court /prosecutor-files: ${file.id} overdue`);
    // And in the databases: no settled obligation left with a running timer.
    for (const agency of ['municipality', 'court'] as const) {
      const running = await system.query<{ kind: string; ref: string; state: string }>(
        agency,
        `SELECT kind, ref, state FROM deadlines WHERE settled_at IS NULL OR state NOT IN ('met', 'cancelled')`,
      );
      for (const r of running) wrong.push(`${agency} deadlines table: ${r.kind} ${r.ref} ${r.state}`);
    }
    expect(wrong).toEqual([]);
  });

  it('lists and opens the drug events police recorded, with filters, sort and paging that agree with what was recorded', async () => {
    // A year of its own, so the model below holds exactly the events this test generated.
    const window = { from: '2031-01-01T00:00:00.000Z', to: '2032-01-01T00:00:00.000Z' };
    const generated = fc.sample(
      fc.record({
        kind: fc.constantFrom(...DRUG_EVENT_KINDS),
        municipio: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        occurredAt: fc.integer({ min: Date.parse(window.from), max: Date.parse(window.to) - 1 }).map((t) => new Date(t - (t % 1000)).toISOString()),
      }),
      { numRuns: 12, seed: 20261130 },
    );
    const recorded: { id: string; kind: string; municipio: number | null; occurredAt: string }[] = [];
    for (const event of generated) {
      const fixture = reportFixture(rng);
      const answer = await system
        .client('police', ['integration'])
        .post<{ id: string; pupil: { taxCode: string } }>('/drug-events', { pupil: fixture.pupil, ...event, note: 'Seen near the gate.' });
      expect(answer.status).toBe(201);
      expect(answer.body.pupil.taxCode).toBe(fixture.pupil.taxCode);
      recorded.push({ id: answer.body.id, kind: event.kind, municipio: event.municipio ?? null, occurredAt: event.occurredAt });
    }
    const opened = (await system.client('police', ['auditor']).get<{ id: string; note: string | null; erased: boolean }>(`/drug-events/${recorded[0]?.id}`))
      .body;
    expect(opened).toMatchObject({ id: recorded[0]?.id, note: 'Seen near the gate.', erased: false });
    expect((await system.client('police').get('/drug-events/6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b')).status).toBe(404);

    const queries = fc.sample(
      fc.record({
        kind: fc.option(fc.constantFrom(...DRUG_EVENT_KINDS), { nil: undefined }),
        municipio: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
        sort: fc.constantFrom('occurredAt' as const, 'recordedAt' as const),
        order: fc.constantFrom('asc' as const, 'desc' as const),
        limit: fc.integer({ min: 1, max: 5 }),
        offset: fc.integer({ min: 0, max: 6 }),
      }),
      { numRuns: 25, seed: 11 },
    );
    for (const q of queries) {
      const matching = recorded.filter((e) => (!q.kind || e.kind === q.kind) && (q.municipio === undefined || e.municipio === q.municipio));
      // Recording order is recordedAt order; occurredAt ties never happen at this resolution in practice, but break them by id as the API does.
      const ordered =
        q.sort === 'recordedAt' ? [...matching] : [...matching].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));
      if (q.order === 'desc') ordered.reverse();
      const params = new URLSearchParams({ ...window, sort: q.sort, order: q.order, limit: String(q.limit), offset: String(q.offset) });
      if (q.kind) params.set('kind', q.kind);
      if (q.municipio !== undefined) params.set('municipio', String(q.municipio));
      const page = await system.client('police').get<{ items: { id: string }[]; total: number }>(`/drug-events?${params}`);
      expect(page.status).toBe(200);
      expect({ q, total: page.body.total, ids: page.body.items.map((i) => i.id) }).toEqual({
        q,
        total: matching.length,
        ids: ordered.slice(q.offset, q.offset + q.limit).map((e) => e.id),
      });
    }
    // Reading is logged like every read of case data.
    expect(await system.count('police', `SELECT count(*)::int AS n FROM access_log WHERE route = 'GET /drug-events/:id'`)).toBeGreaterThan(0);
  });

  it('shows the municipality a police signal about a child with no case, and links it to the case that opens later', async () => {
    const fixture = reportFixture(rng, { concerns: [] });
    const recorded = await system
      .client('police')
      .post<{ id: string }>('/drug-events', { pupil: fixture.pupil, kind: 'dealing_suspected', municipio: 7, occurredAt: '2026-11-25T07:40:00Z' });
    expect(recorded.status).toBe(201);
    const incidentId = recorded.body.id;
    type Signal = { incidentId: string; kind: string; matched: boolean; pupil: { taxCode: string } | null; cases: { caseref: string; state: string }[] };
    const waiting = await eventually(async () => {
      const list = await system.client('municipality', ['auditor']).get<{ items: Signal[] }>('/signals?matched=false&limit=200');
      return list.body.items.find((s) => s.incidentId === incidentId);
    }, 'the unmatched signal in the municipality’s worklist');
    expect(waiting).toMatchObject({ matched: false, cases: [], pupil: { taxCode: fixture.pupil.taxCode } });

    const report = await system.school(fixture.school.code).post<{ caseref: string }>('/reports', fixture);
    expect(report.status).toBe(201);
    const caseref = report.body.caseref;
    const linked = await eventually(async () => {
      const signal = (await system.client('municipality').get<Signal>(`/signals/${incidentId}`)).body;
      return signal.matched ? signal : undefined;
    }, 'the signal to meet the new case');
    expect(linked.cases).toEqual([{ caseref, state: 'screening' }]);
    const unmatched = (await system.client('municipality').get<{ items: Signal[] }>('/signals?matched=false&limit=200')).body.items;
    expect(unmatched.map((s) => s.incidentId)).not.toContain(incidentId);
    const whole = await system
      .client('municipality')
      .get<{ drugSignals: { incidentId: string }[]; history: { action: string; detail: { incidentId?: string } }[] }>(`/cases/${caseref}`);
    expect(whole.body.drugSignals.map((s) => s.incidentId)).toEqual([incidentId]);
    expect(whole.body.history.filter((h) => h.action === 'police_drug_signal').map((h) => h.detail.incidentId)).toEqual([incidentId]);
  });

  it('documents each request body from its validators, the fields a body class inherits included', () => {
    // Read from the running process: an in-process copy shares class-validator's store with the other test files.
    const schemas = readBack.documents.schools.components?.schemas ?? {};
    expect(schemas.FileReportDto?.required).toEqual(expect.arrayContaining(['pupil', 'residence', 'school', 'category', 'absence']));
    expect(schemas.BullyingReportDto?.required).toEqual(expect.arrayContaining(['pupil', 'residence', 'school', 'kind', 'role']));
    expect(schemas.PupilIdentity?.properties).toHaveProperty('taxCode');
  });
});

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Key order does not matter to a JSON reader; everything else does. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, canonical(v)]),
    );
  return value;
}
