import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AbsenceReportedV1 } from '@casenet/contracts';
import {
  clockReading,
  DAY_MS,
  eventually,
  InProcessService,
  MovableClock,
  onTheWire,
  openCaptured,
  produceRaw,
  reportFixture,
  Rng,
  senderEvent,
  TopicReader,
} from '@casenet/testing';
import { randomUUID } from 'node:crypto';
import { municipalityApp } from '../municipality.app.js';

jest.setTimeout(60_000);

const AHEAD = 400 * DAY_MS;

function expectAt(label: string, value: Date | string | null | undefined, offset: number): void {
  expect(clockReading(label, value, offset)).toEqual({ label, near: true });
}

describe('municipality case timestamps follow the Clock (CLOCK_OFFSET_FILE)', () => {
  const clock = new MovableClock();
  let service: InProcessService;
  let reader: TopicReader;

  beforeAll(async () => {
    service = await InProcessService.start(municipalityApp, `t_int_muni_clock_${process.pid}`, clock.env);
    reader = new TopicReader(service.kafka);
    await reader.start([service.inbox('schools')]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  /** The statuses the school was sent about this report, in publication order. */
  async function statuses(caseref: string, count: number): Promise<{ status: string; changedAt: string }[]> {
    const messages = await eventually(async () => {
      const found = reader.on(service.inbox('schools')).filter((m) => m.key === caseref);
      return found.length >= count ? found : undefined;
    }, `${count} statuses for ${caseref}`);
    const opened = await Promise.all(
      messages.sort((a, b) => Number(a.offset) - Number(b.offset)).map((m) => openCaptured(m, 'schools.inbox.v1', service.keyVault.sealer)),
    );
    return opened.map((check) => (check.ok === true ? (check.event.data as { status: string; changedAt: string }) : { status: 'unreadable', changedAt: '' }));
  }

  it('opens a case at the time of the Clock, and closes it, with its history and status, at the moved time', async () => {
    const event = senderEvent<AbsenceReportedV1>({
      type: AbsenceReportedV1.type,
      to: 'municipality',
      source: { reportId: randomUUID(), ...reportFixture(new Rng(43)), reportedAt: new Date().toISOString() },
    });
    await produceRaw(service.kafka, service.inbox('municipality'), [
      { key: event.caseref, value: await onTheWire(event, 'municipality', service.keyVault.sealer) },
    ]);
    const [received] = await statuses(event.caseref, 1);
    expectAt('received status', received?.changedAt, 0);
    const [opened] = await service.query<{ opened_at: Date; received_at: Date }>(
      'SELECT c.opened_at, r.received_at FROM cases c JOIN case_reports r ON r.case_id = c.id WHERE c.caseref = $1',
      [event.caseref],
    );
    expectAt('opened_at', opened?.opened_at, 0);
    expectAt('report received_at', opened?.received_at, 0);

    clock.move(AHEAD);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the Clock rereads its file at most every 200 ms
    expect((await service.client().post(`/screening/cases/${event.caseref}/close`, { reason: 'clerical_error' })).status).toBe(200);

    const [closed] = await service.query<{ opened_at: Date; updated_at: Date; closed_at: Date }>(
      'SELECT opened_at, updated_at, closed_at FROM cases WHERE caseref = $1',
      [event.caseref],
    );
    expectAt('opened_at, unchanged', closed?.opened_at, 0);
    expectAt('updated_at', closed?.updated_at, AHEAD);
    expectAt('closed_at', closed?.closed_at, AHEAD);
    const history = await service.query<{ action: string; at: Date }>(
      'SELECT h.action, h.at FROM case_history h JOIN cases c ON c.id = h.case_id WHERE c.caseref = $1 ORDER BY h.id',
      [event.caseref],
    );
    expect(history.length).toBeGreaterThanOrEqual(2);
    expectAt(`history ${history[0]?.action}`, history[0]?.at, 0);
    expectAt(`history ${history.at(-1)?.action}`, history.at(-1)?.at, AHEAD);
    const [, closing] = await statuses(event.caseref, 2);
    expectAt('closing status', closing?.changedAt, AHEAD);
  });
});
