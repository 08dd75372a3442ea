import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { OUTBOX_CHANNEL } from '@casenet/messaging';
import { eventually, FIXTURE_SCHOOL_CODES, InProcessService, reportFixture, Rng } from '@casenet/testing';
import { schoolsApp } from './schools.app.js';

jest.setTimeout(60_000);

/**
 * The relay is woken by the commit's notification, not by its poll: with the poll set to ten
 * minutes, a filed report still goes out at once, and again after the LISTEN connection is
 * killed under it (the listener reconnects and looks at what was committed meanwhile).
 */
describe('outbox relay woken by LISTEN/NOTIFY (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  const rng = new Rng(16);
  const file = async () => {
    const fixture = reportFixture(rng);
    const response = await service.client(['caseworker'], FIXTURE_SCHOOL_CODES).post<{ caseref: string }>('/reports', fixture);
    expect(response.status).toBe(201);
    return response.body.caseref;
  };
  const published = (caseref: string) =>
    eventually(
      async () =>
        (await service.query<{ published_at: Date | null }>('SELECT published_at FROM outbox WHERE message_key = $1', [caseref]))[0]?.published_at ?? undefined,
      `the outbox row of ${caseref} published`,
      8_000,
    );

  beforeAll(async () => {
    service = await InProcessService.start(schoolsApp, `t_wake_${process.pid}`, { OUTBOX_POLL_INTERVAL_MS: '600000' });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('publishes a committed row within seconds although the relay would next poll in ten minutes', async () => {
    // The relay's first pass at boot found the table empty; only a notification can wake it now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    await expect(published(await file())).resolves.toBeInstanceOf(Date);
  });

  it('picks up rows committed while its LISTEN connection was down', async () => {
    const killed = await service.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${OUTBOX_CHANNEL}'`,
    );
    expect(killed[0]?.n).toBe(1);
    const caseref = await file();
    await expect(published(caseref)).resolves.toBeInstanceOf(Date);
    // And it listens again: the next one goes out at once too.
    await expect(published(await file())).resolves.toBeInstanceOf(Date);
  });
});
