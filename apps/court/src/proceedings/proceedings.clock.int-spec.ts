import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CourtReferralRequestedV1 } from '@casenet/contracts';
import { clockReading, DAY_MS, eventually, InProcessService, MovableClock, onTheWire, produceRaw, reportFixture, Rng, senderEvent } from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { courtApp } from '../court.app.js';

jest.setTimeout(60_000);

const AHEAD = 400 * DAY_MS;

function expectAt(label: string, value: Date | string | null | undefined, offset: number): void {
  expect(clockReading(label, value, offset)).toEqual({ label, near: true });
}

describe('court timestamps follow the Clock (CLOCK_OFFSET_FILE)', () => {
  const clock = new MovableClock();
  let service: InProcessService;

  beforeAll(async () => {
    service = await InProcessService.start(courtApp, `t_int_court_clock_${process.pid}`, clock.env);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it("dates the proceeding's history by the Clock, before and after it moves", async () => {
    const referral = senderEvent<CourtReferralRequestedV1>({
      type: CourtReferralRequestedV1.type,
      to: 'court',
      source: {
        referralId: randomUUID(),
        grounds: 'persistent_evasion',
        ...reportFixture(new Rng(42)),
        verificationOutcome: 'confirmed_absent',
        programme: 'tutoring_educativo',
        requestedAt: new Date().toISOString(),
        respondBy: new Date(Date.now() + 30 * DAY_MS).toISOString(),
      },
    });
    await produceRaw(service.kafka, service.inbox('court'), [{ key: referral.caseref, value: await onTheWire(referral, 'court', service.keyVault.sealer) }]);
    const id = referral.data.referralId;
    const prosecutor = service.client(['prosecutor']);
    await eventually(async () => ((await prosecutor.get(`/prosecutor-files/${id}`)).status === 200 ? true : undefined), "the prosecutor's file");
    expect((await prosecutor.post(`/prosecutor-files/${id}/accept`)).status).toBe(200);
    expect((await prosecutor.post(`/prosecutor-files/${id}/petition`, {})).status).toBe(200);

    clock.move(AHEAD);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the Clock rereads its file at most every 200 ms
    expect((await service.client().post(`/proceedings/${id}/register`, { docket: 'VG 4242/2026' })).status).toBe(200);
    const asked = await service.client().post<{ requestedAt: string; reportBy: string }>(`/proceedings/${id}/investigations`, { questions: 'Nucleo.' });
    expect(asked.status).toBe(201);
    expectAt('investigation requestedAt', asked.body.requestedAt, AHEAD);
    expectAt('investigation reportBy (the 60-day default)', asked.body.reportBy, AHEAD + 60 * DAY_MS);

    const files = await service.query<{ action: string; at: Date }>('SELECT action, at FROM prosecutor_history WHERE referral_id = $1 ORDER BY id', [id]);
    expect(files.map((h) => h.action)).toEqual(['received', 'accepted_for_examination', 'petitioned']);
    expectAt('received', files[0]?.at, 0);
    const history = await service.query<{ action: string; at: Date }>('SELECT action, at FROM proceeding_history WHERE proceeding_id = $1 ORDER BY id', [id]);
    expect(history.map((h) => h.action)).toEqual(['petition_received', 'registered', 'investigation_requested']);
    expectAt('petition_received', history[0]?.at, 0);
    expectAt('registered', history[1]?.at, AHEAD);
    const [row] = await service.query<{ updated_at: Date }>('SELECT updated_at FROM proceedings WHERE id = $1', [id]);
    expectAt('proceeding updated_at', row?.updated_at, AHEAD);
  });
});
