import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { contentHash, GENESIS, sealChainHead, SigningKey, TrustList, type VerificationReport } from '@casenet/audit-log';
import { ALL_TOPICS, CHAIN_HEADS_TOPIC, inboxTopic, newCaseref } from '@casenet/contracts';
import {
  devSigningKeyFile,
  devSigningKeyId,
  dropServiceDatabases,
  ensureDevSigningKeys,
  eventually,
  produceRaw,
  provisionDatabase,
  REPO_ROOT,
  resolveKafka,
  resolvePostgres,
  type PostgresServer,
} from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type pg from 'pg';
import type { AuditConfig } from '../audit.config.js';
import { Archiver } from './archiver.js';
import { openAuditDatabase } from './audit-database.js';

jest.setTimeout(240_000);

const TOPIC = inboxTopic('municipality');

/**
 * The archiver against real PostgreSQL and a real Apache Kafka broker that is reset (a new
 * broker on an empty data directory) while the archive persists: the second run's messages reuse the first run's
 * topic, partition and offsets. Nothing may be shadowed, and a different content under an
 * identity already archived is kept as a conflict.
 */
describe('archiver keyed by event identity (real PostgreSQL, broker reset)', () => {
  const namespace = `t_int_archive_${process.pid}`;
  // The dev keys are made on first use: on a fresh clone this spec may be the first to need them.
  ensureDevSigningKeys();
  const police = SigningKey.fromPemFile(devSigningKeyId('police'), devSigningKeyFile('police'));
  let postgres: PostgresServer;
  let database: { url: string; migrationUrl: string };
  let pool: pg.Pool;
  let trustListFile: string;
  let chain: { seq: number; hash: string } = { seq: 0, hash: GENESIS };
  let headseq = 0;
  const archived: Buffer[] = [];

  /** The next `n` police events, each sealed and chained, then the signed head naming the last. */
  function nextEvents(n: number): { events: Buffer[]; head: Buffer } {
    const events = Array.from({ length: n }, () => {
      const event = police.seal(
        {
          id: randomUUID(),
          source: 'urn:casenet:police',
          type: 'police.verification.completed.v1',
          caseref: newCaseref(),
          time: new Date().toISOString(),
          data: { outcome: 'confirmed_absent' },
        },
        chain.seq + 1,
        chain.hash,
      );
      chain = { seq: chain.seq + 1, hash: contentHash(event) };
      return Buffer.from(JSON.stringify(event));
    });
    headseq += 1;
    const head = Buffer.from(JSON.stringify(sealChainHead(police, 'police', headseq, chain.seq, chain.hash, new Date().toISOString())));
    return { events, head };
  }

  /** One broker's life: a fresh empty broker, an archiver, the messages, until all are archived. */
  async function run(messages: { topic: string; value: Buffer }[], done: () => Promise<boolean>, what: string): Promise<void> {
    // A broker of its own in a fresh data directory: its offsets start at 0 again.
    const broker = await resolveKafka({ ownBroker: true, partitions: 1 });
    await broker.prepare('');
    const auditor = broker.clientEnv('casenet-audit');
    const sasl = { mechanism: 'scram-sha-512' as const, username: auditor.KAFKA_SASL_USERNAME ?? '', password: auditor.KAFKA_SASL_PASSWORD ?? '' };
    const config: AuditConfig = {
      databaseUrl: database.url,
      brokers: broker.brokers,
      topicPrefix: '',
      sasl,
      ssl: false,
      trust: TrustList.fromFile(trustListFile),
      trustListFile,
      checkpointEvery: 4,
      connectionFile: '',
    };
    // Grants made a moment ago reach the broker's authorizer through the metadata log: wait until
    // the auditors' principal sees every topic, or the archiver's subscribe is refused.
    await eventually(async () => {
      const admin = new Kafka({ clientId: 'archiver-spec', brokers: broker.brokers, sasl, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
      await admin.connect();
      try {
        await admin.fetchTopicMetadata({ topics: [...ALL_TOPICS] });
        return true;
      } finally {
        await admin.disconnect();
      }
    }, 'the auditors to see every topic');
    const archiver = new Archiver(config, pool, SigningKey.fromPemFile(devSigningKeyId('audit'), devSigningKeyFile('audit')), 6_000);
    try {
      await archiver.start();
      for (const topic of [TOPIC, CHAIN_HEADS_TOPIC]) {
        const values = messages.filter((m) => m.topic === topic).map((m) => ({ key: 'police', value: m.value, partition: 0 }));
        if (values.length > 0) await produceRaw(broker, topic, values);
      }
      await eventually(async () => ((await done()) ? true : undefined), what, 60_000);
    } finally {
      // On a broker started seconds ago, kafkajs's disconnect can wait minutes on a group join that
      // began while the coordinator was still loading (measured: 225 s). The archive is complete by
      // now and the broker goes anyway, so the test does not wait for it (see the report/ADR 0014).
      await Promise.race([archiver.stop(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      await broker.stop();
    }
  }

  const rowsAre = (n: number) => async () => (await count('archive')) === n;
  const count = async (table: 'archive' | 'archive_conflicts') =>
    Number((await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table}`)).rows[0]?.n);

  function verify(): { code: number | null; report: VerificationReport & { checkpointsBroken: number; conflicts: number } } {
    const result = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, 'verify', '--json', '--grace', '0'], {
      env: { ...process.env, AUDIT_DATABASE_URL: database.url, TRUST_LIST_FILE: trustListFile, NODE_OPTIONS: '' },
    });
    return { code: result.status, report: JSON.parse(result.stdout.toString()) as VerificationReport & { checkpointsBroken: number; conflicts: number } };
  }

  beforeAll(async () => {
    ({ trustListFile } = ensureDevSigningKeys());
    postgres = await resolvePostgres();
    database = await provisionDatabase(postgres.adminUrl, namespace, 'audit');
    pool = await openAuditDatabase(database.url, database.migrationUrl);
  });

  afterAll(async () => {
    await pool?.end();
    await dropServiceDatabases(postgres.adminUrl, namespace);
    await postgres?.stop();
  });

  it('keeps every event of two runs on two brokers, the second reusing the first run’s offsets', async () => {
    const first = nextEvents(5);
    await run(
      [...first.events.map((value) => ({ topic: TOPIC, value })), { topic: CHAIN_HEADS_TOPIC, value: first.head }],
      rowsAre(6),
      'the first run archived',
    );
    archived.push(...first.events);
    const second = nextEvents(5);
    // The second broker also replays one event of the first run, byte for byte: it collapses.
    await run(
      [
        { topic: TOPIC, value: first.events[0] as Buffer },
        ...second.events.map((value) => ({ topic: TOPIC, value })),
        { topic: CHAIN_HEADS_TOPIC, value: second.head },
      ],
      rowsAre(12),
      'the second run archived',
    );
    archived.push(...second.events);

    const reused = await pool.query<{ n: string }>(
      'SELECT count(*)::text AS n FROM (SELECT 1 FROM archive GROUP BY topic, kafka_partition, kafka_offset HAVING count(*) > 1) r',
    );
    expect(Number(reused.rows[0]?.n)).toBeGreaterThan(0); // the coordinates really were reused
    const chainseqs = (
      await pool.query<{ chainseq: string }>("SELECT chainseq::text FROM archive WHERE signer = 'police' AND headseq IS NULL ORDER BY archive.chainseq")
    ).rows.map((r) => Number(r.chainseq));
    expect(chainseqs).toEqual(archived.map((_, i) => i + 1));
    expect(await count('archive_conflicts')).toBe(0);
    const { code, report } = verify();
    expect(report).toMatchObject({
      intact: true,
      breaks: [],
      pending: [],
      checkpointsBroken: 0,
      chains: { police: { lastSeq: 10, heads: 2, signedThrough: 10 } },
    });
    expect(code).toBe(0);
  });

  it('keeps a different content under an identity already archived as a conflict, which verify reports', async () => {
    const original = JSON.parse((archived[2] as Buffer).toString()) as Record<string, unknown>;
    const other = Buffer.from(JSON.stringify({ ...original, data: { outcome: 'not_found' } }));
    await run([{ topic: TOPIC, value: other }], async () => (await count('archive_conflicts')) === 1, 'the conflict to be kept');
    expect(await count('archive')).toBe(12);
    const { code, report } = verify();
    expect(code).toBe(1);
    expect(report.breaks).toEqual([expect.objectContaining({ kind: 'conflict', signer: 'police', detail: expect.stringContaining('police#3') })]);
  });
});
