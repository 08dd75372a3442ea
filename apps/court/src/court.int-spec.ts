import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  CourtReferralRequestedV1,
  DEAD_LETTER_HEADERS,
  deadLetterTopic,
  type EventEnvelope,
  MandateUpdatedV1,
  type MandateUpdate,
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
  deadlines: { kind: string; open: boolean }[];
}

describe('court service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;
  let clerk: AgencyClient;
  let docketNumber = 100;

  beforeAll(async () => {
    service = await InProcessService.start(courtApp, `t_int_court_${process.pid}`);
    clerk = service.client();
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

  /** The municipality refers a child; resolves once the court has opened the proceeding. */
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
    await eventually(async () => ((await clerk.get(`/proceedings/${referral.data.referralId}`)).status === 200 ? true : undefined), 'the proceeding');
    return referral;
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
    expect(migrations.map((m) => m.name).slice(-5)).toEqual([
      'SealedGrounds1763700000510',
      'ErasableProceedingCodes1763700000525',
      'DeadlineOutcomes1764500000010',
      'DeadLetterProblem1796000000000',
      'ChainHeads1796000000100',
    ]);
    const document = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { summary?: string; 'x-allowed-roles'?: string[] }>>;
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/proceedings', '/proceedings/{id}/orders', '/orders', '/orders/{id}']));
    expect(document.paths['/proceedings/{id}/assignment']?.post?.['x-allowed-roles']).toEqual(['supervisor']);
    expect(document.paths['/proceedings/{id}/register']?.post?.['x-allowed-roles']).toEqual(['caseworker', 'supervisor']);
    expect(document.paths['/orders']?.get?.['x-allowed-roles']).toEqual(['caseworker', 'supervisor', 'auditor']);
    for (const [path, operations] of Object.entries(document.paths).filter(([p]) => p.startsWith('/proceedings') || p.startsWith('/orders'))) {
      for (const operation of Object.values(operations)) expect(`${path}: ${operation.summary ?? ''}`).toMatch(/: \S/);
    }
  });

  it('puts a referral in the worklist with its facts sealed at rest', async () => {
    const referral = await referred(11);
    const list = await clerk.get<{ items: ProceedingBody[]; total: number }>(
      '/proceedings?state=requested&grounds=persistent_evasion&sort=receivedAt&order=desc',
    );
    expect(list.status).toBe(200);
    const item = list.body.items.find((i) => i.id === referral.data.referralId);
    expect(item).toMatchObject({ caseref: referral.caseref, state: 'requested', docket: null, pupil: { lastName: referral.data.pupil.lastName } });
    const [row] = await service.query<{ personal: string }>('SELECT personal FROM proceedings WHERE id = $1', [referral.data.referralId]);
    expect(row?.personal).toMatch(/^sealed:v1:/);
    const logged = await service.query('SELECT 1 FROM access_log WHERE caseref = $1 AND purpose = $2', [referral.caseref, 'juvenile-proceedings']);
    expect(logged.length).toBeGreaterThan(0);
  });

  it('registers, hears and orders a mandate; the municipality gets the operative part and the outcome, never the file', async () => {
    const referral = await referred(12);
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
    expect(ordered.body.history.map((h) => h.action)).toEqual(['received', 'registered', 'hearing_opened', 'order_issued']);

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
    const silent = await referred(13);
    await register(silent.data.referralId);
    const [mandate] = (await clerk.post<ProceedingBody>(`/proceedings/${silent.data.referralId}/orders`, { order: 'mandate_level_ii' })).body.orders;
    const dismissed = await referred(14);
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

  it('declines with a reason code, and answers 400 / 404 / 409 for what cannot be done', async () => {
    const referral = await referred(15);
    const id = referral.data.referralId;
    const bad = await clerk.post<{ errors: { path: string }[] }>(`/proceedings/${id}/decline`, { reason: 'too_busy' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('reason');
    expect((await clerk.post(`/proceedings/${id}/hearing`)).status).toBe(409);
    expect((await clerk.post(`/proceedings/${randomUUID()}/hearing`)).status).toBe(404);
    expect((await clerk.post(`/proceedings/${id}/register`, { docket: 'soon' })).status).toBe(400);
    expect((await clerk.get('/orders?overdue=maybe')).status).toBe(400);

    const declined = await clerk.post<ProceedingBody>(`/proceedings/${id}/decline`, { reason: 'not_competent' });
    expect(declined.body.state).toBe('declined');
    expect((await clerk.post(`/proceedings/${id}/orders`, { order: 'dismissal' })).status).toBe(409);
    const [update] = await toMunicipality(referral.caseref, 1);
    expect(update?.data).toEqual({ referralId: id, status: 'declined', reason: 'not_competent', changedAt: expect.any(String) });
  });

  it('lets auditors read but not act, and only supervisors reassign', async () => {
    const referral = await referred(16);
    const id = referral.data.referralId;
    const auditor = service.client(['auditor']);
    expect((await auditor.get('/proceedings')).status).toBe(200);
    expect((await auditor.get(`/proceedings/${id}`)).status).toBe(200);
    expect((await auditor.get('/orders')).status).toBe(200);
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
      const list = (await clerk.get<{ items: ProceedingBody[] }>('/proceedings?overdue=true')).body.items;
      return list.find((i) => i.id === late.data.referralId);
    }, 'the overdue proceeding');
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
    expect(await proceeding(late.data.referralId)).toMatchObject({ state: 'withdrawn', overdue: false });
    expect((await proceeding(late.data.referralId)).history.map((h) => h.action)).toEqual(['received', 'reported_overdue', 'withdrawn']);

    const decided = await referred(18);
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
