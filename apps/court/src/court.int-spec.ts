import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  CourtReferralRequestedV1,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  type EventEnvelope,
  MandateUpdatedV1,
  type MandateUpdate,
  InvestigationUpdatedV1,
  type InvestigationUpdate,
  ReferralOverdueV1,
  ReferralWithdrawnV1,
} from '@casenet/contracts';
import { DeadlineService } from '@casenet/deadlines';
import {
  type AgencyClient,
  eventually,
  InProcessService,
  onTheWire,
  openCaptured,
  produceRaw,
  reportFixture,
  Rng,
  senderEvent,
  TopicReader,
} from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { courtApp } from './court.app.js';
import { InboxHandlerRegistry, unhandledEventTypes } from '@casenet/messaging';
import { loadSharingPolicy } from '@casenet/privacy';

jest.setTimeout(90_000);

const DAY = 86_400_000;

interface OrderBody {
  id: string;
  caseref: string;
  order: string;
  operativePart: string | null;
  mandateState: string;
  lastReport: string | null;
  overdue: boolean;
  deadlines: { kind: string; open: boolean; overdue: boolean }[];
}

interface InvestigationBody {
  id: string;
  state: string;
  questions: string | null;
  report: string | null;
  reportBy: string;
  overdue: boolean;
  deadlines: { kind: string; open: boolean; state: string }[];
}

interface ProsecutorFileBody {
  id: string;
  state: string;
  outcome: string | null;
  overdue: boolean;
  pupil: { lastName: string } | null;
  history: { action: string; actor: string }[];
}

interface ProceedingBody {
  id: string;
  caseref: string;
  state: string;
  docket: string | null;
  pupil: { lastName: string } | null;
  overdue: boolean;
  assignee: string | null;
  judicialNote: string | null;
  history: { action: string; actor: string }[];
  orders: OrderBody[];
  investigations: InvestigationBody[];
  deadlines: { kind: string; open: boolean }[];
}

describe('court service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;
  let clerk: AgencyClient;
  let prosecutor: AgencyClient;
  let docketNumber = 100;

  beforeAll(async () => {
    // The investigation's report deadline is a default (60 days): configurable, as here.
    service = await InProcessService.start(courtApp, `t_int_court_${process.pid}`, { DEADLINES: 'investigation.report=20d/5d' });
    clerk = service.client();
    prosecutor = service.client(['prosecutor']);
    reader = new TopicReader(service.kafka);
    await reader.start([service.inbox('municipality'), deadLetterTopic(service.inbox('court'))]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  async function send(event: EventEnvelope<object>): Promise<void> {
    await produceRaw(service.kafka, service.inbox('court'), [{ key: event.caseref, value: await onTheWire(event, 'court', service.keyVault.sealer) }]);
  }

  /** The municipality refers a child; resolves once the prosecutor's desk has the file. */
  async function referred(seed: number): Promise<EventEnvelope<CourtReferralRequestedV1>> {
    const now = Date.now();
    const referral = senderEvent<CourtReferralRequestedV1>({
      type: CourtReferralRequestedV1.type,
      to: 'court',
      source: {
        referralId: randomUUID(),
        grounds: 'persistent_evasion',
        ...reportFixture(new Rng(seed)),
        verificationOutcome: 'confirmed_absent',
        programme: 'tutoring_educativo',
        requestedAt: new Date(now).toISOString(),
        respondBy: new Date(now + 30 * DAY).toISOString(),
      },
    });
    await send(referral);
    await eventually(async () => ((await prosecutor.get(`/prosecutor-files/${referral.data.referralId}`)).status === 200 ? true : undefined), 'the file');
    return referral;
  }

  /** Referred, accepted for examination and petitioned: the court's registry has the proceeding under the same id. */
  async function petitioned(seed: number): Promise<EventEnvelope<CourtReferralRequestedV1>> {
    const referral = await referred(seed);
    expect((await prosecutor.post(`/prosecutor-files/${referral.data.referralId}/accept`)).status).toBe(200);
    expect((await prosecutor.post(`/prosecutor-files/${referral.data.referralId}/petition`, {})).status).toBe(200);
    return referral;
  }

  function investigationUpdate(caseref: string, investigationId: string, status: InvestigationUpdate, report?: string): EventEnvelope<InvestigationUpdatedV1> {
    return senderEvent<InvestigationUpdatedV1>({
      type: InvestigationUpdatedV1.type,
      to: 'court',
      caseref,
      source: { investigationId, status, report, changedAt: new Date().toISOString() },
    });
  }

  const proceeding = async (id: string) => (await clerk.get<ProceedingBody>(`/proceedings/${id}`)).body;
  const register = (id: string) => clerk.post<ProceedingBody>(`/proceedings/${id}/register`, { docket: `VG ${docketNumber++}/2026` });

  function mandateUpdate(caseref: string, orderId: string, status: MandateUpdate, report?: string): EventEnvelope<MandateUpdatedV1> {
    return senderEvent<MandateUpdatedV1>({
      type: MandateUpdatedV1.type,
      to: 'court',
      caseref,
      source: { orderId, status, report, changedAt: new Date().toISOString() },
    });
  }

  /** What the municipality received about this case, opened as it opens it, in publication order. */
  async function toMunicipality(caseref: string, count: number) {
    const messages = await eventually(async () => {
      const found = reader.on(service.inbox('municipality')).filter((m) => m.key === caseref);
      return found.length >= count ? found : undefined;
    }, `${count} events to the municipality`);
    return Promise.all(
      messages
        .sort((a, b) => Number(a.offset) - Number(b.offset))
        .map(async (message) => {
          const check = await openCaptured(message, 'municipality.inbox.v1', service.keyVault.sealer);
          if (check.ok !== true) throw new Error(`unreadable event: ${JSON.stringify(check)}`);
          return { raw: message.value?.toString() ?? '', type: check.event.type, data: check.event.data };
        }),
    );
  }

  it('has a @HandlesEvent handler for every event the sharing policy lets court receive', () => {
    expect(unhandledEventTypes(loadSharingPolicy(), 'court', service.app.get(InboxHandlerRegistry).types())).toEqual([]);
  });

  it('migrates its tables and documents every route with the roles it allows', async () => {
    const migrations = await service.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m) => m.name).slice(-6)).toEqual([
      'ErasableProceedingCodes1763700000525',
      'DeadlineOutcomes1764500000010',
      'ProsecutionAndInvestigations1764800000510',
      'DeadLetterProblem1796000000000',
      'ChainHeads1796000000100',
      'CaseTraces1796000000200',
    ]);
    const document = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; 'x-allowed-roles'?: string[] }>>;
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/proceedings', '/proceedings/{id}/orders', '/orders', '/orders/{id}']));
    expect(document.paths['/proceedings/{id}/assignment']?.post?.['x-allowed-roles']).toEqual(['supervisor']);
    expect(document.paths['/proceedings/{id}/register']?.post?.['x-allowed-roles']).toEqual(['caseworker', 'supervisor']);
    expect(document.paths['/orders']?.get?.['x-allowed-roles']).toEqual(['caseworker', 'supervisor', 'auditor']);
    expect(document.paths['/prosecutor-files/{id}/petition']?.post?.['x-allowed-roles']).toEqual(['prosecutor']);
    expect(document.paths['/prosecutor-files']?.get?.['x-allowed-roles']).toEqual(['prosecutor', 'auditor']);
    expect(document.paths['/proceedings/{id}/investigations']?.post?.['x-allowed-roles']).toEqual(['caseworker', 'supervisor']);
    for (const [path, operations] of Object.entries(document.paths).filter(([p]) => /^\/(proceedings|orders|prosecutor-files|investigations)/.test(p))) {
      for (const operation of Object.values(operations)) expect(`${path}: ${operation.summary ?? ''}`).toMatch(/: \S/);
    }
  });

  it("puts a referral in the prosecutor's worklist with its facts sealed at rest; a petition puts it in the court's", async () => {
    const referral = await referred(11);
    const files = await prosecutor.get<{ items: ProsecutorFileBody[]; total: number }>('/prosecutor-files?state=requested');
    expect(files.status).toBe(200);
    expect(files.body.items.find((i) => i.id === referral.data.referralId)).toMatchObject({
      state: 'requested',
      pupil: { lastName: referral.data.pupil.lastName },
    });
    const [file] = await service.query<{ personal: string }>('SELECT personal FROM prosecutor_files WHERE id = $1', [referral.data.referralId]);
    expect(file?.personal).toMatch(/^sealed:v1:/);
    expect((await prosecutor.get('/access-log')).status).toBe(403);
    expect(await service.query('SELECT 1 FROM access_log WHERE caseref = $1 AND purpose = $2', [referral.caseref, 'juvenile-prosecution'])).not.toHaveLength(0);
    // Not before the court yet: the registry has nothing.
    expect((await clerk.get(`/proceedings/${referral.data.referralId}`)).status).toBe(404);

    await prosecutor.post(`/prosecutor-files/${referral.data.referralId}/accept`);
    await prosecutor.post(`/prosecutor-files/${referral.data.referralId}/petition`, { note: 'Ricorso ex art. 330 c.c.' });
    const list = await clerk.get<{ items: ProceedingBody[]; total: number }>(
      '/proceedings?state=requested&grounds=persistent_evasion&sort=receivedAt&order=desc',
    );
    expect(list.status).toBe(200);
    const item = list.body.items.find((i) => i.id === referral.data.referralId);
    expect(item).toMatchObject({ caseref: referral.caseref, state: 'requested', docket: null, pupil: { lastName: referral.data.pupil.lastName } });
    const [row] = await service.query<{ personal: string }>('SELECT personal FROM proceedings WHERE id = $1', [referral.data.referralId]);
    expect(row?.personal).toMatch(/^sealed:v1:/);
    expect(JSON.stringify((await clerk.get(`/proceedings/${referral.data.referralId}`)).body)).not.toContain('330 c.c.');
    const logged = await service.query('SELECT 1 FROM access_log WHERE caseref = $1 AND purpose = $2', [referral.caseref, 'juvenile-proceedings']);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('archives after examination: the municipality learns accepted, then completed(archived), never the reason or the note', async () => {
    const referral = await referred(19);
    const id = referral.data.referralId;
    expect((await prosecutor.post(`/prosecutor-files/${id}/archive`, { reason: 'no_prejudice_found' })).status).toBe(409);
    expect((await prosecutor.post(`/prosecutor-files/${id}/accept`)).status).toBe(200);
    const archived = await prosecutor.post<ProsecutorFileBody>(`/prosecutor-files/${id}/archive`, {
      reason: 'insufficient_evidence',
      note: 'Elementi insufficienti: nessun indizio.',
    });
    expect(archived.body).toMatchObject({ state: 'completed', outcome: 'archived' });
    expect((await prosecutor.post(`/prosecutor-files/${id}/petition`, {})).status).toBe(409);
    const events = await toMunicipality(referral.caseref, 2);
    expect(events.map((e) => e.data)).toEqual([
      { referralId: id, status: 'accepted', changedAt: expect.any(String) },
      { referralId: id, status: 'completed', outcome: 'archived', changedAt: expect.any(String) },
    ]);
    for (const { raw } of events) expect(raw).not.toMatch(/insufficient_evidence|indizio/);
    const [row] = await service.query<{ prosecutor_note: string }>('SELECT prosecutor_note FROM prosecutor_files WHERE id = $1', [id]);
    expect(row?.prosecutor_note).toMatch(/^sealed:v1:/);
  });

  it('asks social services for an investigation, holds the order until its report, and shows the report to the court alone', async () => {
    const referral = await petitioned(20);
    const id = referral.data.referralId;
    expect((await clerk.post(`/proceedings/${id}/investigations`, { questions: 'Prima della registrazione.' })).status).toBe(409);
    await register(id);
    const questions = 'Condizioni del nucleo familiare e frequenza scolastica.';
    const asked = await clerk.post<InvestigationBody>(`/proceedings/${id}/investigations`, { questions });
    expect(asked.status).toBe(201);
    expect(asked.body).toMatchObject({ state: 'requested', questions, report: null, overdue: false });
    // DEADLINES set the report's due date to 20 days instead of the default 60.
    expect(Math.abs(Date.parse(asked.body.reportBy) - (Date.now() + 20 * DAY))).toBeLessThan(DAY);
    expect(asked.body.deadlines).toEqual([expect.objectContaining({ kind: 'investigation.report', open: true })]);
    expect((await clerk.post(`/proceedings/${id}/investigations`, { questions: 'Ancora.' })).status).toBe(409);
    expect((await clerk.post(`/proceedings/${id}/orders`, { order: 'dismissal' })).status).toBe(409);

    // The municipality receives what to investigate and by when: nothing of the file, the docket or the judge.
    const events = await toMunicipality(referral.caseref, 3);
    const request = events.find((e) => e.type === 'court.investigation.requested.v1');
    expect(request?.data).toEqual({
      investigationId: asked.body.id,
      referralId: id,
      questions,
      requestedAt: expect.any(String),
      reportBy: asked.body.reportBy,
    });
    expect(request?.raw).not.toContain('VG ');
    expect(request?.raw).not.toContain('nucleo familiare'); // sealed on the wire

    await send(investigationUpdate(referral.caseref, asked.body.id, 'accepted'));
    const report = 'Madre collaborante; frequenza ripresa; si propone il sostegno educativo.';
    await send(investigationUpdate(referral.caseref, asked.body.id, 'completed', report));
    const done = await eventually(async () => {
      const view = (await clerk.get<InvestigationBody>(`/investigations/${asked.body.id}`)).body;
      return view.state === 'completed' ? view : undefined;
    }, 'the report');
    expect(done).toMatchObject({ report, overdue: false, deadlines: [expect.objectContaining({ state: 'met', open: false })] });
    const [stored] = await service.query<{ report: string; questions: string }>('SELECT report, questions FROM investigations WHERE id = $1', [asked.body.id]);
    expect(stored).toEqual({ report: expect.stringMatching(/^sealed:v1:/), questions: expect.stringMatching(/^sealed:v1:/) });
    expect((await prosecutor.get(`/investigations/${asked.body.id}`)).status).toBe(403);

    const ordered = await clerk.post<ProceedingBody>(`/proceedings/${id}/orders`, { order: 'dismissal' });
    expect(ordered.status).toBe(200);
    expect(ordered.body.investigations.map((i) => i.state)).toEqual(['completed']);
    expect((await prosecutor.get<ProsecutorFileBody>(`/prosecutor-files/${id}`)).body).toMatchObject({ state: 'completed', outcome: 'dismissal' });
  });

  it('escalates an investigation whose report is late, and keeps a report for an unknown one out', async () => {
    const referral = await petitioned(21);
    await register(referral.data.referralId);
    const asked = (await clerk.post<InvestigationBody>(`/proceedings/${referral.data.referralId}/investigations`, { questions: 'Rete di supporto.' })).body;
    const ticked = await service.app.get(DeadlineService).tick(new Date(Date.now() + 21 * DAY));
    expect(ticked.breached).toBeGreaterThanOrEqual(1);
    const overdue = (await clerk.get<{ items: InvestigationBody[] }>('/investigations?overdue=true')).body.items;
    expect(overdue.find((i) => i.id === asked.id)).toMatchObject({ overdue: true, state: 'requested' });
    expect((await proceeding(referral.data.referralId)).history.at(-1)).toMatchObject({ action: 'investigation_overdue', actor: 'system' });
    expect((await clerk.get('/investigations?overdue=maybe')).status).toBe(400);

    const stray = investigationUpdate('CR-0000TESTNOINQUIRY', randomUUID(), 'accepted');
    await send(stray);
    const parked = await eventually(async () => reader.on(deadLetterTopic(service.inbox('court'))).find((m) => m.key === stray.caseref), 'a dead letter');
    expect(parked.headers[DEAD_LETTER_HEADERS.reason]).toMatch(/no investigation/);
  });

  it('registers, hears and orders a mandate; the municipality gets the operative part and the outcome, never the file', async () => {
    const referral = await petitioned(12);
    const id = referral.data.referralId;
    expect((await register(id)).body).toMatchObject({ state: 'accepted', docket: expect.stringMatching(/^VG \d+\/2026$/) });
    expect((await clerk.post(`/proceedings/${id}/register`, { docket: 'VG 999/2026' })).status).toBe(409);
    expect((await clerk.post<ProceedingBody>(`/proceedings/${id}/hearing`)).body.state).toBe('in_progress');

    const operativePart = 'Affida il minore al Servizio sociale del Comune di Milano per il sostegno alla frequenza.';
    const judicialNote = 'Genitori non comparsi all’udienza; inadempienza reiterata.';
    const ordered = await clerk.post<ProceedingBody>(`/proceedings/${id}/orders`, { order: 'mandate_level_ii', operativePart, judicialNote });
    expect(ordered.status).toBe(200);
    expect(ordered.body).toMatchObject({ state: 'completed', judicialNote });
    const [order] = ordered.body.orders;
    expect(order).toMatchObject({ order: 'mandate_level_ii', operativePart, mandateState: 'awaiting_acknowledgement', overdue: false });
    expect(order?.deadlines).toEqual([expect.objectContaining({ kind: 'mandate.acknowledgement', open: true })]);
    expect(ordered.body.history.map((h) => h.action)).toEqual(['petition_received', 'registered', 'hearing_opened', 'order_issued']);

    const events = await toMunicipality(referral.caseref, 4);
    expect(events.map((e) => [e.type, (e.data as { status?: string }).status])).toEqual([
      ['court.referral.updated.v1', 'accepted'],
      ['court.referral.updated.v1', 'in_progress'],
      ['court.order.issued.v1', undefined],
      ['court.referral.updated.v1', 'completed'],
    ]);
    const issued = events[2]!;
    expect(issued.data).toEqual({
      orderId: order?.id,
      referralId: id,
      order: 'mandate_level_ii',
      operativePart,
      issuedAt: expect.any(String),
      acknowledgeBy: expect.any(String),
    });
    const wire = JSON.parse(issued.raw) as { data: Record<string, unknown>; sealed?: string };
    expect(wire.sealed).toMatch(/^sealed:v1:/);
    expect(wire.data).not.toHaveProperty('operativePart');
    expect(events[3]?.data).toEqual({ referralId: id, status: 'completed', outcome: 'mandate_level_ii', changedAt: expect.any(String) });
    for (const { raw } of events) {
      expect(raw).not.toContain('non comparsi');
      expect(raw).not.toContain('VG ');
    }

    await send(mandateUpdate(referral.caseref, order!.id, 'acknowledged', 'Presa in carico dall’assistente sociale del Municipio 2.'));
    const acknowledged = await eventually(async () => {
      const view = (await clerk.get<OrderBody>(`/orders/${order!.id}`)).body;
      return view.mandateState === 'acknowledged' ? view : undefined;
    }, 'the acknowledged mandate');
    expect(acknowledged).toMatchObject({ lastReport: 'Presa in carico dall’assistente sociale del Municipio 2.', overdue: false });
    expect(acknowledged.deadlines).toEqual([expect.objectContaining({ open: false })]);
    const [stored] = await service.query<{ last_report: string; operative_part: string }>(
      'SELECT last_report, operative_part FROM court_orders WHERE id = $1',
      [order!.id],
    );
    expect(stored).toEqual({ last_report: expect.stringMatching(/^sealed:v1:/), operative_part: expect.stringMatching(/^sealed:v1:/) });
  });

  it('escalates a mandate nobody acknowledged and shows it overdue; a dismissal awaits nothing', async () => {
    const silent = await petitioned(13);
    await register(silent.data.referralId);
    const [mandate] = (await clerk.post<ProceedingBody>(`/proceedings/${silent.data.referralId}/orders`, { order: 'mandate_level_ii' })).body.orders;
    const dismissed = await petitioned(14);
    await register(dismissed.data.referralId);
    const dismissal = await clerk.post<ProceedingBody>(`/proceedings/${dismissed.data.referralId}/orders`, { order: 'dismissal' });
    expect(dismissal.body.orders[0]).toMatchObject({ mandateState: 'not_applicable', deadlines: [] });

    const ticked = await service.app.get(DeadlineService).tick(new Date(Date.now() + 11 * DAY));
    expect(ticked.breached).toBeGreaterThanOrEqual(1);
    const overdue = await clerk.get<{ items: OrderBody[]; total: number }>('/orders?overdue=true');
    expect(overdue.status).toBe(200);
    expect(overdue.body.items.find((o) => o.id === mandate?.id)).toMatchObject({
      caseref: silent.caseref,
      overdue: true,
      mandateState: 'awaiting_acknowledgement',
    });
    expect(overdue.body.items.every((o) => o.overdue)).toBe(true);
    expect(overdue.body.items.some((o) => o.id === dismissal.body.orders[0]?.id)).toBe(false);
    expect((await proceeding(silent.data.referralId)).history.at(-1)).toMatchObject({ action: 'escalated', actor: 'system' });

    // A late report still settles the deadline: the mandate leaves the overdue list.
    await send(mandateUpdate(silent.caseref, mandate!.id, 'care_started'));
    await eventually(async () => {
      const list = (await clerk.get<{ items: OrderBody[] }>('/orders?overdue=true')).body.items;
      return list.some((o) => o.id === mandate?.id) ? undefined : true;
    }, 'the mandate off the overdue list');
    expect((await clerk.get<OrderBody>(`/orders/${mandate!.id}`)).body.mandateState).toBe('care_started');
  });

  it('declines (at the prosecutor) with a reason code, and answers 400 / 404 / 409 for what cannot be done', async () => {
    const referral = await referred(15);
    const id = referral.data.referralId;
    const bad = await prosecutor.post<{ errors: { path: string }[] }>(`/prosecutor-files/${id}/decline`, { reason: 'too_busy' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('reason');
    expect((await prosecutor.post(`/prosecutor-files/${id}/archive`, { reason: 'bored' })).status).toBe(400);
    expect((await prosecutor.post(`/prosecutor-files/${id}/petition`, {})).status).toBe(409);
    expect((await prosecutor.post(`/prosecutor-files/${randomUUID()}/accept`)).status).toBe(404);
    expect((await clerk.post(`/proceedings/${id}/hearing`)).status).toBe(404); // never petitioned: nothing before the court
    expect((await clerk.post(`/proceedings/${randomUUID()}/hearing`)).status).toBe(404);
    expect((await clerk.post(`/proceedings/${id}/register`, { docket: 'soon' })).status).toBe(400);
    expect((await clerk.get('/orders?overdue=maybe')).status).toBe(400);

    const declined = await prosecutor.post<ProsecutorFileBody>(`/prosecutor-files/${id}/decline`, { reason: 'not_competent' });
    expect(declined.body.state).toBe('declined');
    expect((await prosecutor.post(`/prosecutor-files/${id}/accept`)).status).toBe(409);
    const [update] = await toMunicipality(referral.caseref, 1);
    expect(update?.data).toEqual({ referralId: id, status: 'declined', reason: 'not_competent', changedAt: expect.any(String) });
  });

  it('lets auditors read but not act, and only supervisors reassign', async () => {
    const referral = await petitioned(16);
    const id = referral.data.referralId;
    const auditor = service.client(['auditor']);
    expect((await auditor.get('/proceedings')).status).toBe(200);
    expect((await auditor.get(`/proceedings/${id}`)).status).toBe(200);
    expect((await auditor.get('/orders')).status).toBe(200);
    expect((await auditor.get(`/prosecutor-files/${id}`)).status).toBe(200);
    expect((await auditor.post(`/prosecutor-files/${id}/archive`, { reason: 'no_prejudice_found' })).status).toBe(403);
    expect((await auditor.post(`/proceedings/${id}/register`, { docket: 'VG 1/2026' })).status).toBe(403);
    expect((await clerk.post(`/proceedings/${id}/assignment`, { assignee: 'giudice.rossi' })).status).toBe(403);
    const assigned = await service.client(['supervisor']).post<ProceedingBody>(`/proceedings/${id}/assignment`, { assignee: 'giudice.rossi' });
    expect(assigned.body).toMatchObject({ assignee: 'giudice.rossi', state: 'requested' });
    const mine = await clerk.get<{ items: ProceedingBody[] }>('/proceedings?assignee=giudice.rossi');
    expect(mine.body.items.map((i) => i.id)).toEqual([id]);
  });

  it('follows the municipality: overdue notices flag the worklist, withdrawals stop open proceedings only', async () => {
    const late = await referred(17);
    const now = new Date().toISOString();
    await send(
      senderEvent<ReferralOverdueV1>({
        type: ReferralOverdueV1.type,
        to: 'court',
        caseref: late.caseref,
        source: { referralId: late.data.referralId, deadline: 'acceptance', dueAt: now, breachedAt: now },
      }),
    );
    const flagged = await eventually(async () => {
      const list = (await prosecutor.get<{ items: ProsecutorFileBody[] }>('/prosecutor-files?overdue=true')).body.items;
      return list.find((i) => i.id === late.data.referralId);
    }, "the overdue prosecutor's file");
    expect(flagged.overdue).toBe(true);

    /** Sends the withdrawal and resolves once the court has consumed it. */
    const withdraw = async (referral: EventEnvelope<CourtReferralRequestedV1>) => {
      const withdrawal = senderEvent<ReferralWithdrawnV1>({
        type: ReferralWithdrawnV1.type,
        to: 'court',
        caseref: referral.caseref,
        source: { referralId: referral.data.referralId, reason: 'moved_away', withdrawnAt: new Date().toISOString() },
      });
      await send(withdrawal);
      await eventually(
        async () => ((await service.query('SELECT 1 FROM inbox WHERE event_id = $1', [withdrawal.id])).length > 0 ? true : undefined),
        'the withdrawal consumed',
      );
    };
    await withdraw(late);
    const file = (await prosecutor.get<ProsecutorFileBody>(`/prosecutor-files/${late.data.referralId}`)).body;
    expect(file).toMatchObject({ state: 'withdrawn', overdue: false });
    expect(file.history.map((h) => h.action)).toEqual(['received', 'reported_overdue', 'withdrawn']);

    // Withdrawn once petitioned: the prosecutor's file, the proceeding and its open investigation stop together.
    const petition = await petitioned(22);
    await register(petition.data.referralId);
    const asked = (await clerk.post<InvestigationBody>(`/proceedings/${petition.data.referralId}/investigations`, { questions: 'Da svolgere.' })).body;
    await withdraw(petition);
    expect(await proceeding(petition.data.referralId)).toMatchObject({ state: 'withdrawn' });
    expect((await clerk.get<InvestigationBody>(`/investigations/${asked.id}`)).body).toMatchObject({
      state: 'withdrawn',
      deadlines: [expect.objectContaining({ state: 'cancelled', open: false })],
    });
    expect((await prosecutor.get<ProsecutorFileBody>(`/prosecutor-files/${petition.data.referralId}`)).body.state).toBe('withdrawn');

    const decided = await petitioned(18);
    await register(decided.data.referralId);
    await clerk.post(`/proceedings/${decided.data.referralId}/orders`, { order: 'dismissal' });
    await withdraw(decided);
    // The court decided before the withdrawal arrived: its decision stands.
    expect((await proceeding(decided.data.referralId)).state).toBe('completed');
  });

  it('dead-letters a mandate update for an order it never issued', async () => {
    const update = mandateUpdate('CR-0000TESTUNKNOWN', randomUUID(), 'acknowledged');
    await send(update);
    const parked = await eventually(async () => reader.on(deadLetterTopic(service.inbox('court'))).find((m) => m.key === update.caseref), 'a dead letter');
    expect(parked.headers[DEAD_LETTER_HEADERS.reason]).toBe(`no court order ${update.data.orderId}`);
  });
});
