import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { VerificationRequestedV1 } from '@casenet/contracts';
import { RetentionService } from '@casenet/compliance';
import { clockReading, DAY_MS, eventually, InProcessService, MovableClock, onTheWire, produceRaw, reportFixture, Rng, senderEvent } from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { policeApp } from '../police.app.js';

jest.setTimeout(60_000);

const AHEAD = 400 * DAY_MS;

function expectAt(label: string, value: Date | string | null | undefined, offset: number): void {
  expect(clockReading(label, value, offset)).toEqual({ label, near: true });
}

describe('police timestamps follow the Clock (CLOCK_OFFSET_FILE)', () => {
  const clock = new MovableClock();
  let service: InProcessService;

  beforeAll(async () => {
    service = await InProcessService.start(policeApp, `t_int_police_clock_${process.pid}`, clock.env);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('stamps a request when it arrives and its outcome when recorded, and runs retention as of the moved clock', async () => {
    const request = senderEvent<VerificationRequestedV1>({
      type: VerificationRequestedV1.type,
      to: 'police',
      source: { requestId: randomUUID(), ...reportFixture(new Rng(41)) },
    });
    await produceRaw(service.kafka, service.inbox('police'), [{ key: request.caseref, value: await onTheWire(request, 'police', service.keyVault.sealer) }]);
    const id = request.data.requestId;
    await eventually(async () => ((await service.client().get(`/verifications/${id}`)).status === 200 ? true : undefined), 'the request');
    const [received] = await service.query<{ requested_at: Date }>('SELECT requested_at FROM verification_requests WHERE id = $1', [id]);
    expectAt('requested_at', received?.requested_at, 0);

    clock.move(AHEAD);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the Clock rereads its file at most every 200 ms
    expect((await service.client().post(`/verifications/${id}/outcome`, { outcome: 'confirmed_absent' })).status).toBe(200);
    const [completed] = await service.query<{ requested_at: Date; completed_at: Date }>(
      'SELECT requested_at, completed_at FROM verification_requests WHERE id = $1',
      [id],
    );
    expectAt('requested_at, unchanged', completed?.requested_at, 0);
    expectAt('completed_at', completed?.completed_at, AHEAD);

    const results = await service.app.get(RetentionService).runOnce();
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) expectAt(`${result.target} cutoff`, result.cutoff, AHEAD - result.retentionDays * DAY_MS);
  });
});
