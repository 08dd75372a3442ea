import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { type EventEnvelope, type HealthConcern, HealthReferralRequestedV1, ReferralOverdueV1, ReferralWithdrawnV1 } from '@casenet/contracts';
import { eventually, InProcessService, onTheWire, openCaptured, produceRaw, reportFixture, Rng, senderEvent, TopicReader } from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { healthApp } from './health.app.js';
import { InboxHandlerRegistry, unhandledEventTypes } from '@casenet/messaging';
import { loadSharingPolicy } from '@casenet/privacy';

jest.setTimeout(60_000);

interface Summary {
  id: string;
  caseref: string;
  state: string;
  overdue: boolean;
  overdueSince: string | null;
  assignee: string | null;
}
interface Detail extends Summary {
  pupil: { taxCode: string } | null;
  notes: string | null;
  clinicalNote: string | null;
  carePath: { asst: string; service: string } | null;
  outcome: string | null;
  declineReason: string | null;
  closedAt: string | null;
  history: { action: string; state: string; actor: string; detail: object }[];
}

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

describe('health service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;

  beforeAll(async () => {
    service = await InProcessService.start(healthApp, `t_int_health_${process.pid}`);
    reader = new TopicReader(service.kafka);
    await reader.start([service.inbox('municipality')]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  async function send(event: EventEnvelope<object>): Promise<void> {
    await produceRaw(service.kafka, service.inbox('health'), [{ key: event.caseref, value: await onTheWire(event, 'health', service.keyVault.sealer) }]);
  }

  async function detail(id: string): Promise<Detail> {
    const response = await service.client().get<Detail>(`/referrals/${id}`);
    if (response.status !== 200) throw new Error(`GET /referrals/${id}: ${response.status}`);
    return response.body;
  }

  /** The municipality refers a child; resolves once the referral is in ATS's database. */
  async function refer(seed: number, concern: HealthConcern, respondBy: string): Promise<EventEnvelope<HealthReferralRequestedV1>> {
    const event = senderEvent<HealthReferralRequestedV1>({
      type: HealthReferralRequestedV1.type,
      to: 'health',
      source: {
        referralId: randomUUID(),
        concern,
        ...reportFixture(new Rng(seed)),
        notes: 'La madre chiede supporto',
        requestedAt: new Date().toISOString(),
        respondBy,
      },
    });
    await send(event);
    await eventually(async () => ((await service.client().get(`/referrals/${event.data.referralId}`)).status === 200 ? true : undefined), 'the referral');
    return event;
  }

  /** A follow-up from the municipality about a referral, on the same case and child. */
  function followUp<T extends object>(type: string, request: EventEnvelope<HealthReferralRequestedV1>, source: object): EventEnvelope<T> {
    return senderEvent<T>({
      type,
      to: 'health',
      caseref: request.caseref,
      subject: request.subject,
      source: { referralId: request.data.referralId, ...source },
    });
  }

  async function worklist(query: string): Promise<string[]> {
    const response = await service.client().get<{ items: Summary[]; total: number }>(`/referrals?limit=200&${query}`);
    expect(response.status).toBe(200);
    return response.body.items.map((item) => item.id);
  }

  async function updatesFor(caseref: string, count: number): Promise<Record<string, unknown>[]> {
    const messages = await eventually(async () => {
      const found = reader.messages.filter((m) => m.key === caseref);
      return found.length >= count ? found : undefined;
    }, `${count} updates for ${caseref}`);
    return Promise.all(
      messages.map(async (message) => {
        const check = await openCaptured(message, 'municipality.inbox.v1', service.keyVault.sealer);
        if (check.ok !== true) throw new Error(`unreadable update: ${JSON.stringify(check)}`);
        // Codes only: nothing of the child or of the care needs sealing on the way out.
        expect(JSON.parse(message.value?.toString('utf8') ?? '{}')).not.toHaveProperty('sealed');
        return check.event as unknown as Record<string, unknown>;
      }),
    );
  }

  it('has a @HandlesEvent handler for every event the sharing policy lets health receive', () => {
    expect(unhandledEventTypes(loadSharingPolicy(), 'health', service.app.get(InboxHandlerRegistry).types())).toEqual([]);
  });

  it('lists a requested referral in the worklist, with filters and sort', async () => {
    const later = await refer(11, 'substance_use', inDays(10));
    const sooner = await refer(12, 'bullying', inDays(3));
    const [a, b] = [later.data.referralId, sooner.data.referralId];
    const ours = (ids: string[]) => ids.filter((id) => id === a || id === b);

    expect(ours(await worklist('state=requested'))).toEqual([b, a]); // soonest answer due first
    expect(ours(await worklist('state=requested&sort=respondBy&order=desc'))).toEqual([a, b]);
    expect(ours(await worklist('sort=receivedAt&order=desc'))).toEqual([b, a]);
    expect(ours(await worklist('concern=bullying'))).toEqual([b]);
    expect(ours(await worklist('state=accepted'))).toEqual([]);
    expect((await service.client().get('/referrals?sort=name')).status).toBe(400);

    const view = await detail(a);
    expect(view).toMatchObject({
      caseref: later.caseref,
      state: 'requested',
      notes: 'La madre chiede supporto',
      pupil: later.data.pupil,
      overdue: false,
      assignee: null,
    });
    expect(view.history).toEqual([expect.objectContaining({ action: 'requested', state: 'requested', actor: 'municipality' })]);
    const stored = await service.query<{ personal: string; notes: string }>('SELECT personal, notes FROM health_referrals WHERE id = $1', [a]);
    expect(stored[0]?.personal).toMatch(/^sealed:v1:/);
    expect(stored[0]?.notes).toMatch(/^sealed:v1:/);
  });

  it('accept → start → complete tells the municipality the state codes and nothing else', async () => {
    const request = await refer(21, 'social_distress', inDays(5));
    const id = request.data.referralId;
    const note = 'Disturbo d’ansia; presa in carico NPIA, terapia settimanale';
    expect((await service.client().post(`/referrals/${id}/accept`)).status).toBe(200);
    // Care starts at a named ASST service: a missing or unknown one is refused, naming the field.
    for (const [body, path] of [
      [{ service: 'uonpia' }, 'asst'],
      [{ asst: 'asst_milano_centro', service: 'uonpia' }, 'asst'],
      [{ asst: 'asst_rhodense' }, 'service'],
      [{ asst: 'asst_rhodense', service: 'pediatria' }, 'service'],
    ] as const) {
      const refused = await service.client().post<{ errors: { path: string }[] }>(`/referrals/${id}/start`, body);
      expect({ body, status: refused.status, path: refused.body.errors?.[0]?.path }).toEqual({ body, status: 400, path });
    }
    const started = await service.client().post<Detail>(`/referrals/${id}/start`, { asst: 'asst_santi_paolo_e_carlo', service: 'uonpia' });
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ state: 'in_progress', carePath: { asst: 'asst_santi_paolo_e_carlo', service: 'uonpia' } });
    const done = await service.client().post<Detail>(`/referrals/${id}/complete`, { outcome: 'referred_to_specialist_service', clinicalNote: note });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'completed', outcome: 'referred_to_specialist_service', clinicalNote: note, closedAt: expect.any(String) });
    expect(done.body.history.map((h) => [h.action, h.state, h.actor])).toEqual([
      ['requested', 'requested', 'municipality'],
      ['accept', 'accepted', 'dev-health-caseworker'],
      ['start', 'in_progress', 'dev-health-caseworker'],
      ['complete', 'completed', 'dev-health-caseworker'],
    ]);

    const updates = await updatesFor(request.caseref, 3);
    expect(updates.map((event) => event.data)).toEqual([
      { referralId: id, status: 'accepted', changedAt: expect.any(String) },
      { referralId: id, status: 'in_progress', changedAt: expect.any(String) },
      { referralId: id, status: 'completed', outcome: 'referred_to_specialist_service', changedAt: expect.any(String) },
    ]);
    for (const event of updates) {
      expect(event).toMatchObject({ type: 'health.referral.updated.v1', subject: request.subject, correlationid: request.correlationid });
      expect(JSON.stringify(event)).not.toContain('NPIA');
      expect(JSON.stringify(event)).not.toMatch(/uonpia|asst_/);
      expect(JSON.stringify(event)).not.toContain(request.data.pupil.taxCode);
    }
    const stored = await service.query<{ clinical_note: string; care_path: string }>('SELECT clinical_note, care_path FROM health_referrals WHERE id = $1', [
      id,
    ]);
    expect(stored[0]?.clinical_note).toMatch(/^sealed:v1:/);
    expect(stored[0]?.care_path).toMatch(/^sealed:v1:/);
  });

  it('answers 409 for a step the state does not allow, 404 for an unknown referral, 400 for an unknown reason', async () => {
    const request = await refer(31, 'cyberbullying', inDays(5));
    const id = request.data.referralId;
    const early = await service.client().post<{ detail: string }>(`/referrals/${id}/start`, { asst: 'asst_nord_milano', service: 'serd' });
    expect(early.status).toBe(409);
    expect(early.body.detail).toBe('cannot start a referral in state requested (allowed from: accepted)');
    expect((await service.client().post(`/referrals/${id}/complete`, { outcome: 'no_need_found' })).status).toBe(409);
    expect((await service.client().post(`/referrals/${randomUUID()}/accept`)).status).toBe(404);

    const bad = await service.client().post<{ errors: { path: string }[] }>(`/referrals/${id}/decline`, { reason: 'too_busy' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]?.path).toBe('reason');

    expect((await service.client().post(`/referrals/${id}/decline`, { reason: 'already_in_care' })).status).toBe(200);
    expect((await service.client().post(`/referrals/${id}/accept`)).status).toBe(409);
    const [declined] = await updatesFor(request.caseref, 1);
    expect(declined?.data).toEqual({ referralId: id, status: 'declined', reason: 'already_in_care', changedAt: expect.any(String) });
  });

  it('withdraws a requested referral when the municipality does, and then refuses to act on it', async () => {
    const request = await refer(41, 'bullying', inDays(5));
    const id = request.data.referralId;
    await send(followUp<ReferralWithdrawnV1>(ReferralWithdrawnV1.type, request, { reason: 'moved_away', withdrawnAt: new Date().toISOString() }));
    const withdrawn = await eventually(async () => {
      const view = await detail(id);
      return view.state === 'withdrawn' ? view : undefined;
    }, 'the withdrawal');
    expect(withdrawn.closedAt).not.toBeNull();
    expect(withdrawn.history.at(-1)).toMatchObject({ action: 'withdrawn', state: 'withdrawn', actor: 'municipality' });
    expect((await service.client().post(`/referrals/${id}/accept`)).status).toBe(409);
    expect(await worklist('state=withdrawn')).toContain(id);
  });

  it('flags an overdue referral in the worklist and keeps the first breach', async () => {
    const request = await refer(51, 'substance_use', inDays(1));
    const id = request.data.referralId;
    const firstBreach = new Date(Date.now() - 60_000).toISOString();
    expect(await worklist('overdue=false')).toContain(id);
    await send(followUp<ReferralOverdueV1>(ReferralOverdueV1.type, request, { deadline: 'acceptance', dueAt: firstBreach, breachedAt: firstBreach }));
    await eventually(async () => ((await worklist('overdue=true')).includes(id) ? true : undefined), 'the overdue flag');
    expect(await worklist('overdue=false')).not.toContain(id);

    // Same case, same partition: once the withdrawal shows, the second notice has been handled too.
    const secondBreach = new Date().toISOString();
    await send(followUp<ReferralOverdueV1>(ReferralOverdueV1.type, request, { deadline: 'acceptance', dueAt: firstBreach, breachedAt: secondBreach }));
    await send(followUp<ReferralWithdrawnV1>(ReferralWithdrawnV1.type, request, { reason: 'other', withdrawnAt: secondBreach }));
    const view = await eventually(async () => {
      const current = await detail(id);
      return current.state === 'withdrawn' ? current : undefined;
    }, 'the withdrawal after the second notice');
    // Withdrawn, nothing is awaited any more: no longer overdue; the history keeps the first breach only.
    expect(view).toMatchObject({ overdue: false, overdueSince: null });
    expect(view.history.map((h) => h.action)).toEqual(['requested', 'reported_overdue', 'withdrawn']);
    expect(view.history[1]?.detail).toMatchObject({ deadline: 'acceptance', breachedAt: firstBreach });
  });

  it('logs every read, lets auditors read but not act, and leaves reassignment to supervisors', async () => {
    const request = await refer(61, 'social_distress', inDays(7));
    const id = request.data.referralId;
    const auditor = service.client(['auditor']);
    const supervisor = service.client(['supervisor']);

    expect((await auditor.get(`/referrals/${id}`)).status).toBe(200);
    expect((await auditor.get('/referrals?state=requested')).status).toBe(200);
    expect((await auditor.post(`/referrals/${id}/accept`)).status).toBe(403);
    expect((await auditor.post(`/referrals/${id}/assignment`, { assignee: 'dr.ferri' })).status).toBe(403);
    expect((await service.client().post(`/referrals/${id}/assignment`, { assignee: 'dr.ferri' })).status).toBe(403);

    const assigned = await supervisor.post<Detail>(`/referrals/${id}/assignment`, { assignee: 'dr.ferri' });
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ state: 'requested', assignee: 'dr.ferri' });
    expect(assigned.body.history.at(-1)).toMatchObject({ action: 'assigned', actor: 'dev-health-supervisor' });
    expect(await worklist('assignee=dr.ferri')).toEqual([id]);
    expect(reader.messages.filter((m) => m.key === request.caseref)).toEqual([]); // reassigning is ATS's own business

    const log = await supervisor.get<{ items: { subject: string; route: string; purpose: string }[] }>(`/access-log?caseref=${request.caseref}&limit=200`);
    expect(log.status).toBe(200);
    const reads = log.body.items.map((entry) => `${entry.subject} ${entry.route}`);
    expect(reads).toEqual(
      expect.arrayContaining([
        'dev-health-auditor GET /referrals/:id',
        'dev-health-auditor GET /referrals',
        'dev-health-supervisor POST /referrals/:id/assignment',
        'dev-health-caseworker GET /referrals',
      ]),
    );
    expect(log.body.items.every((entry) => entry.purpose === 'health-referral')).toBe(true);
    expect((await auditor.get(`/access-log?caseref=${request.caseref}`)).status).toBe(200);
    expect((await service.client().get(`/access-log?caseref=${request.caseref}`)).status).toBe(403);
  });
});
