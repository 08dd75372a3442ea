import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { CHAIN_HEADS_TOPIC, ReportStatusChangedV1 } from '@casenet/contracts';
import { ChainVerifier, TrustList } from '@casenet/audit-log';
import {
  ensureDevSigningKeys,
  eventually,
  FIXTURE_SCHOOL_CODES,
  InProcessService,
  onTheWire,
  openCaptured,
  produceRaw,
  reportFixture,
  Rng,
  senderEvent,
  TopicReader,
} from '@casenet/testing';
import { RetentionService } from '@casenet/compliance';
import { schoolsApp } from './schools.app.js';
import { InboxHandlerRegistry, unhandledEventTypes } from '@casenet/messaging';
import { loadSharingPolicy } from '@casenet/privacy';

jest.setTimeout(60_000);

describe('schools service (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let reader: TopicReader;
  /** A caseworker acting for every school the fixtures file for. */
  const network = () => service.client(['caseworker'], FIXTURE_SCHOOL_CODES);

  beforeAll(async () => {
    service = await InProcessService.start(schoolsApp, `t_int_schools_${process.pid}`);
    reader = new TopicReader(service.kafka);
    await reader.start([service.inbox('municipality'), `${service.topicPrefix}${CHAIN_HEADS_TOPIC}`]);
  });

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
  });

  it('has a @HandlesEvent handler for every event the sharing policy lets schools receive', () => {
    expect(unhandledEventTypes(loadSharingPolicy(), 'schools', service.app.get(InboxHandlerRegistry).types())).toEqual([]);
  });

  it('migrates its own database on start and reports healthy', async () => {
    const health = await fetch(`${service.baseUrl}/health`);
    expect(health.status).toBe(200);
    const migrations = await service.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m) => m.name)).toEqual([
      'MessagingTables1763700000000',
      'Ledger1763700000001',
      'CoreTables1763700000002',
      'DeadlinesTable1763700000003',
      'Reports1763700000100',
      'ErasableReportCodes1763700000115',
      'ReportKinds1763700000130',
      'DeadlineOutcomes1764500000010',
      'Survey1766000000200',
      'DeadLetterProblem1796000000000',
      'ChainHeads1796000000100',
      'CaseTraces1796000000200',
    ]);
  });

  it('serves its OpenAPI document with its routes', async () => {
    const document = (await (await fetch(`${service.baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/reports', '/reports/{id}', '/health']));
    // The schemas derived from the validators (PupilIdentity, the fields a body inherits) are checked on the
    // running process in tests/read-back.test.ts. In process they depend on which test file ran first:
    // class-validator's store is one per process, and a clean-clone run failed here on that alone.
  });

  it('commits the report and its event together and publishes it keyed by caseref', async () => {
    const fixture = reportFixture(new Rng(1));
    const response = await network().post<{ id: string; caseref: string }>('/reports', fixture);
    expect(response.status).toBe(201);
    const message = await eventually(async () => reader.messages.find((m) => m.key === response.body.caseref), 'the report event on the municipality inbox');
    expect(JSON.parse(message.value?.toString() ?? '').sealed).toMatch(/^sealed:v1:/);
    const check = await openCaptured(message, 'municipality.inbox.v1', service.keyVault.sealer);
    expect(check.ok).toBe(true);
    if (check.ok !== true) return;
    expect(check.event.type).toBe('schools.absence.reported.v1');
    expect(check.event.data).toMatchObject({ reportId: response.body.id, notes: fixture.notes });
    const [outbox] = await service.query<{ published_at: Date | null }>('SELECT published_at FROM outbox WHERE message_key = $1', [response.body.caseref]);
    expect(outbox?.published_at).not.toBeNull();
  });

  it('keeps what it published as a signed, chained, append-only ledger', async () => {
    await network().post('/reports', reportFixture(new Rng(9)));
    const ledger = await eventually(async () => {
      const rows = await service.query<{ seq: string; event_id: string; payload: Buffer }>('SELECT seq, event_id, payload FROM ledger ORDER BY ledger.seq');
      return rows.length >= 2 ? rows : undefined;
    }, 'ledger rows');
    expect(ledger.map((r) => Number(r.seq))).toEqual(ledger.map((_, i) => i + 1));
    const verifier = new ChainVerifier(TrustList.fromFile(ensureDevSigningKeys().trustListFile));
    ledger.forEach((row) => verifier.add({ locator: `ledger #${row.seq}`, stream: 'ledger', bytes: row.payload }));
    expect(verifier.finish()).toMatchObject({ intact: true, chains: { schools: { events: ledger.length } } });
    // What went out on the topic is byte for byte what the ledger holds.
    const last = ledger[ledger.length - 1];
    const published = await eventually(async () => reader.messages.find((m) => JSON.parse(m.value?.toString() ?? '{}').id === last?.event_id), 'the message');
    expect(published.value?.equals(last?.payload as Buffer)).toBe(true);
    await expect(service.query('UPDATE ledger SET topic = topic')).rejects.toThrow(/permission denied/);
    await expect(service.query('DELETE FROM ledger')).rejects.toThrow(/permission denied/);
  });

  it('signs its chain head after publishing: counted from 1, naming its newest ledger event, on the heads topic', async () => {
    await network().post('/reports', reportFixture(new Rng(11)));
    const { head, newest } = await eventually(async () => {
      const [pending] = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
      const [newest] = await service.query<{ seq: string; hash: string }>('SELECT seq::text, hash FROM ledger ORDER BY ledger.seq DESC LIMIT 1');
      const heads = reader.messages.map((m) => JSON.parse(m.value?.toString() ?? '{}') as { headseq: number; head?: { chainseq: number; hash: string } });
      const head = heads.find((h) => h.head?.chainseq === Number(newest?.seq));
      return pending?.n === 0 && head ? { head, newest } : undefined;
    }, 'a head naming the newest ledger event');
    expect(head.head?.hash).toBe(newest?.hash);
    const heads = await service.query<{ headseq: string }>('SELECT headseq::text FROM chain_heads ORDER BY chain_heads.headseq');
    expect(heads.map((h) => Number(h.headseq))).toEqual(heads.map((_, i) => i + 1));
    // Heads and events verify together: the chain reaches exactly as far as its newest head says.
    const ledger = await service.query<{ seq: string; payload: Buffer }>('SELECT seq::text, payload FROM ledger ORDER BY ledger.seq');
    const verifier = new ChainVerifier(TrustList.fromFile(ensureDevSigningKeys().trustListFile));
    ledger.forEach((row) => verifier.add({ locator: `ledger #${row.seq}`, stream: 'ledger', bytes: row.payload }));
    reader.messages
      .filter((m) => m.topic.endsWith(CHAIN_HEADS_TOPIC))
      .forEach((m) => verifier.add({ locator: `head @${m.offset}`, stream: 'heads', bytes: m.value as Buffer }));
    expect(verifier.finish()).toMatchObject({ intact: true, chains: { schools: { lastSeq: ledger.length, signedThrough: ledger.length } } });
  });

  it('applies a status update once even when it is delivered twice', async () => {
    const filed = await network().post<{ id: string; caseref: string }>('/reports', reportFixture(new Rng(2)));
    const update = senderEvent({
      type: ReportStatusChangedV1.type,
      to: 'schools',
      caseref: filed.body.caseref,
      source: { reportId: filed.body.id, status: 'received', changedAt: new Date().toISOString() },
    });
    const bytes = await onTheWire(update, 'schools', service.keyVault.sealer);
    await produceRaw(service.kafka, service.inbox('schools'), [
      { key: filed.body.caseref, value: bytes },
      { key: filed.body.caseref, value: bytes },
    ]);
    await eventually(async () => {
      const rows = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [update.id]);
      return rows[0]?.n === 1 ? true : undefined;
    }, 'the status update to be applied');
    // Give the duplicate time to arrive and be ignored.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const history = await service.query('SELECT status FROM report_status_history WHERE report_id = $1', [filed.body.id]);
    expect(history).toEqual([{ status: 'received' }]);
    const report = await network().get<{ status: string }>(`/reports/${filed.body.id}`);
    expect(report.body.status).toBe('received');
  });

  it('expires a report’s personal part once the report is final and its retention period has passed', async () => {
    const filed = await network().post<{ id: string; caseref: string }>('/reports', reportFixture(new Rng(8)));
    const retention = service.app.get(RetentionService);
    const later = new Date(Date.now() + 1900 * 86_400_000);
    const expiredNow = async () => (await network().get<{ erased: boolean }>(`/reports/${filed.body.id}`)).body.erased;
    await retention.runOnce(later);
    expect(await expiredNow()).toBe(false); // still open: not due however old
    const closed = senderEvent({
      type: ReportStatusChangedV1.type,
      to: 'schools',
      caseref: filed.body.caseref,
      source: { reportId: filed.body.id, status: 'closed_clerical_error', changedAt: new Date().toISOString() },
    });
    await produceRaw(service.kafka, service.inbox('schools'), [
      { key: filed.body.caseref, value: await onTheWire(closed, 'schools', service.keyVault.sealer) },
    ]);
    await eventually(
      async () => ((await network().get<{ status: string }>(`/reports/${filed.body.id}`)).body.status === 'closed_clerical_error' ? true : undefined),
      'the final status',
    );
    await retention.runOnce(new Date(Date.now() + 100 * 86_400_000));
    expect(await expiredNow()).toBe(false);
    const [result] = await retention.runOnce(later);
    expect(result).toMatchObject({ target: 'reports.personal', category: 'identity', retentionDays: 1825 });
    expect(result?.expired).toBeGreaterThan(0);
    expect(await expiredNow()).toBe(true);
  });
});
