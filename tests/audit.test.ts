import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { contentHash, GENESIS, SigningKey, type VerificationReport } from '@casenet/audit-log';
import { newCaseref } from '@casenet/contracts';
import {
  DEV_TRUST_LIST,
  eventually,
  FlowSteps,
  freeSystemPorts,
  produceRaw,
  REPO_ROOT,
  reportFixture,
  Rng,
  RunningSystem,
  signedAsProducer,
} from '@casenet/testing';
import { spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';

jest.setTimeout(240_000);

/** The auditors' view: verify the log, rebuild services from it, follow a case; and catch tampering. */
describe('audit: signed, chained log, archive and replay', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(5150);
  const reports: { id: string; caseref: string }[] = [];

  function audit(args: string[], env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
    const result = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, ...args], {
      env: {
        ...process.env,
        AUDIT_DATABASE_URL: system.auditDatabase.url,
        TRUST_LIST_FILE: DEV_TRUST_LIST,
        ...system.kafka.clientEnv('casenet-audit'),
        KAFKA_TOPIC_PREFIX: system.topicPrefix,
        ...env,
      },
    });
    return { code: result.status ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
  }

  /** The harness's super user as the CLI's Kafka login, where the broker has one. */
  function superUser(): NodeJS.ProcessEnv {
    const sasl = system.kafka.clientConfig.sasl;
    return sasl && 'username' in sasl && 'password' in sasl ? { KAFKA_SASL_USERNAME: sasl.username, KAFKA_SASL_PASSWORD: sasl.password } : {};
  }

  /** Tampering happens after the archive has settled: no grace for in-flight events unless a test asks for it. */
  const verifyJson = (args: string[] = []) => {
    const run = audit(['verify', '--json', '--grace', '0', ...args]);
    return { code: run.code, report: JSON.parse(run.stdout) as VerificationReport & { checkpointsHeld?: number; checkpointsBroken?: number } };
  };

  /** The archive as its database owner sees it: an attacker with admin rights, triggers off. */
  async function asArchiveAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const url = new URL(system.postgres.adminUrl);
    url.pathname = new URL(system.auditDatabase.url).pathname;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await client.query('ALTER TABLE archive DISABLE TRIGGER USER');
      return await work(client);
    } finally {
      await client.query('ALTER TABLE archive ENABLE TRIGGER USER');
      await client.end();
    }
  }

  /** The rows exactly as stored (every column), to put back after a deletion. */
  const saveRows = (ids: string[]) => async (c: pg.Client) =>
    (await c.query<{ row: object }>('SELECT to_jsonb(a) AS row FROM archive a WHERE id = ANY($1::bigint[])', [ids])).rows.map((r) => r.row);
  const restoreRows = (rows: object[]) => async (c: pg.Client) => {
    for (const row of rows) await c.query('INSERT INTO archive SELECT * FROM jsonb_populate_record(NULL::archive, $1)', [row]);
  };

  /** Every event every producer's ledger holds is in the archive. */
  async function settled(): Promise<void> {
    const published = (
      await Promise.all((['schools', 'municipality', 'police'] as const).map((a) => system.query<{ n: number }>(a, 'SELECT count(*)::int AS n FROM ledger')))
    ).reduce((n, [r]) => n + (r?.n ?? 0), 0);
    await eventually(async () => {
      const client = new pg.Client({ connectionString: system.auditDatabase.url });
      await client.connect();
      const [row] = (await client.query<{ n: number }>("SELECT count(DISTINCT event_id)::int AS n FROM archive WHERE topic NOT LIKE '%.dead-letter'")).rows;
      await client.end();
      return row?.n === published ? true : undefined;
    }, `the archive to hold all ${published} published events`);
  }

  /**
   * And each producer's signed head naming its newest event: without it a deleted tail is
   * invisible by design (nothing names it), so the tail test waits for it rather than race it.
   * The relay signs a head at most a second after a published batch (ADR 0026); 90 s also covers the 60 s periodic head.
   */
  async function headsSettled(): Promise<void> {
    for (const agency of ['schools', 'municipality', 'police'] as const) {
      const [newest] = await system.query<{ seq: string | null }>(agency, 'SELECT max(seq)::text AS seq FROM ledger');
      if (!newest?.seq) continue;
      await eventually(
        async () => {
          const heads = await archiveQuery<{ n: number }>(
            'SELECT count(*)::int AS n FROM archive WHERE signer = $1 AND headseq IS NOT NULL AND chainseq >= $2',
            [agency, newest.seq],
          );
          return (heads[0]?.n ?? 0) > 0 ? true : undefined;
        },
        `the archive to hold ${agency}'s head naming #${newest.seq}`,
        90_000,
      );
    }
  }

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_audit_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
      env: { AUDIT_CHECKPOINT_EVERY: '10' },
    });
    flow = new FlowSteps(system);
    for (const branch of ['closed', 'verified', 'returned'] as const) {
      const report = await flow.file(reportFixture(rng));
      reports.push(report);
      await flow.caseAt(report.caseref, 'screening');
      if (branch === 'closed') {
        await flow.act(report.caseref, '/screening/cases/:caseref/close', { reason: 'immediate_return' });
        await flow.schoolSees(report.id, 'closed_immediate_return');
        continue;
      }
      await flow.act(report.caseref, '/screening/cases/:caseref/forward');
      await flow.policeVerifies(report.caseref, 'confirmed_absent');
      await flow.caseAt(report.caseref, 'verified');
      if (branch === 'returned') {
        await flow.act(report.caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore di turno' });
        await flow.act(report.caseref, '/cases/:caseref/returned-to-class');
        await flow.schoolSees(report.id, 'returned_to_class');
      } else await flow.schoolSees(report.id, 'verification_completed');
    }
    await settled(); // everything every service published is in the archive
    await headsSettled(); // and the heads naming it, which trail the events by up to a second (ADR 0026)
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('verifies every chain and signature, from the archive (with checkpoints) and from the topics', () => {
    const archive = verifyJson();
    expect(archive.code).toBe(0);
    expect(archive.report).toMatchObject({ intact: true, breaks: [] });
    expect(Object.keys(archive.report.chains).sort()).toEqual(['municipality', 'police', 'schools']);
    expect({ held: archive.report.checkpointsHeld, broken: archive.report.checkpointsBroken }).toEqual({ held: expect.any(Number), broken: 0 });
    expect(archive.report.checkpointsHeld).toBeGreaterThan(0);
    // --full trusts no database-side hash: it recomputes every checkpoint's root from the rows itself.
    const full = verifyJson(['--full']);
    expect(full.report).toMatchObject({ intact: true, checked: archive.report.checked, checkpointsHeld: archive.report.checkpointsHeld, checkpointsBroken: 0 });
    const topics = verifyJson(['--source', 'topics']);
    expect(topics.code).toBe(0);
    expect(topics.report.checked).toBe(archive.report.checked);
    expect(audit(['verify']).stdout).toMatch(/^intact: \d+ event\(s\) in 3 chain\(s\)/);
  });

  it('rebuilds each service from its events to the digest of its live read model, twice alike', () => {
    for (const service of ['schools', 'municipality', 'police', 'health', 'court'] as const) {
      const args = ['rebuild', '--service', service, '--database-url', system.databases[service].url, '--json'];
      const [first, second] = [audit(args), audit(args)];
      expect(first.code).toBe(0);
      const [a, b] = [JSON.parse(first.stdout), JSON.parse(second.stdout)] as { replayDigest: string; liveDigest: string; matches: boolean; entries: number }[];
      expect(a).toMatchObject({ matches: true, replayDigest: b?.replayDigest });
      if (service !== 'health' && service !== 'court') expect(a?.entries).toBeGreaterThan(0);
    }
  });

  it('tells a case’s history across agencies, and what one agency could see at a moment', () => {
    const returned = reports[2] as { caseref: string };
    const run = audit(['timeline', '--case', returned.caseref, '--json']);
    expect(run.code).toBe(0);
    const entries = JSON.parse(run.stdout) as { sender: string; recipient: string; type: string; time: string; purpose: string; dataCategories: string[] }[];
    expect(entries.map((e) => `${e.sender}→${e.recipient}`)).toEqual([
      'schools→municipality',
      'municipality→schools',
      'municipality→police',
      'municipality→schools',
      'police→municipality',
      'municipality→schools',
      'municipality→schools',
      'municipality→schools',
    ]);
    expect(entries[2]).toMatchObject({
      type: 'municipality.verification.requested.v1',
      purpose: 'residence-and-attendance-verification',
      dataCategories: ['case', 'contact', 'identity', 'school'],
    });
    const asOf = (entries[3] as { time: string }).time;
    const police = JSON.parse(audit(['timeline', '--case', returned.caseref, '--as-of', asOf, '--agency', 'police', '--json']).stdout) as unknown[];
    expect(police).toHaveLength(1); // at that moment police had received the request only
    const dir = mkdtempSync(join(tmpdir(), 'casenet-timeline-'));
    const html = join(dir, 'timeline.html');
    expect(audit(['timeline', '--case', returned.caseref, '--html', html]).code).toBe(0);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain(returned.caseref);
    expect(page).not.toMatch(/<script|<link|src=/); // one self-contained file
    expect(existsSync(html)).toBe(true);
  });

  it('locates tampering in the archive: an edited byte, a deleted event, a swap, a foreign signature', async () => {
    const rows = await asArchiveAdmin(
      async (c) =>
        (
          await c.query<{ id: string; payload: Buffer; signer: string; chainseq: string; topic: string; kafka_partition: number }>(
            "SELECT id::text, payload, signer, chainseq::text, topic, kafka_partition FROM archive WHERE signer = 'municipality' AND topic LIKE '%schools.inbox.v1' ORDER BY archive.id",
          )
        ).rows,
    );
    const sealedUpTo = await asArchiveAdmin(async (c) =>
      BigInt((await c.query<{ n: string }>('SELECT coalesce(max(last_id), 0)::text AS n FROM checkpoints')).rows[0]?.n ?? '0'),
    );
    // The very next message on the same partition, whatever its producer: a swap with it moves
    // nothing else out of place, so the first broken link is exactly the swap.
    const nextInStream = await asArchiveAdmin(
      async (c) =>
        new Map(
          (
            await c.query<{ id: string; next: string | null }>(
              'SELECT id::text, (lead(id) OVER (PARTITION BY topic, kafka_partition ORDER BY archive.id))::text AS next FROM archive',
            )
          ).rows.map((r) => [r.id, r.next]),
        ),
    );
    const laterInStream = (r: (typeof rows)[number]) => rows.find((o) => o.id === nextInStream.get(r.id));
    // An event inside a signed checkpoint whose next message on the partition is the same chain's.
    const target = rows.find((r, i) => i > 0 && BigInt(r.id) <= sealedUpTo && laterInStream(r)) as (typeof rows)[number];
    expect(target).toBeDefined();

    const tamper = async (change: (c: pg.Client) => Promise<unknown>, restore: (c: pg.Client) => Promise<unknown>) => {
      await asArchiveAdmin(change);
      try {
        return verifyJson();
      } finally {
        await asArchiveAdmin(restore);
      }
    };
    const restoreTarget = (c: pg.Client) => c.query('UPDATE archive SET payload = $2 WHERE id = $1', [target.id, target.payload]);

    const edited = await tamper(
      (c) =>
        c.query("UPDATE archive SET payload = overlay(payload placing '7'::bytea from position('\"time\":\"2'::bytea in payload) + 9 for 1) WHERE id = $1", [
          target.id,
        ]),
      restoreTarget,
    );
    expect(edited.code).toBe(1);
    expect(edited.report.breaks[0]).toMatchObject({
      kind: 'edited',
      locator: expect.stringContaining(`archive #${target.id} `),
      signer: 'municipality',
      chainseq: Number(target.chainseq),
    });
    expect(edited.report.checkpointsBroken).toBeGreaterThan(0);

    const saved = await asArchiveAdmin(saveRows([target.id]));
    const deleted = await tamper((c) => c.query('DELETE FROM archive WHERE id = $1', [target.id]), restoreRows(saved));
    expect(deleted.code).toBe(1);
    expect(deleted.report.breaks[0]).toMatchObject({ kind: 'deleted', signer: 'municipality', chainseq: Number(target.chainseq) });

    const later = laterInStream(target) as (typeof rows)[number];
    const swapped = await tamper(
      async (c) => {
        await c.query('UPDATE archive SET payload = $2 WHERE id = $1', [target.id, later.payload]);
        await c.query('UPDATE archive SET payload = $2 WHERE id = $1', [later.id, target.payload]);
      },
      async (c) => {
        await restoreTarget(c);
        await c.query('UPDATE archive SET payload = $2 WHERE id = $1', [later.id, later.payload]);
      },
    );
    expect(swapped.code).toBe(1);
    expect(swapped.report.breaks[0]).toMatchObject({
      kind: 'reordered',
      locator: expect.stringContaining(`archive #${later.id} `),
      signer: 'municipality',
      chainseq: Number(target.chainseq),
    });

    const intruder = new SigningKey('intruder-1', generateKeyPairSync('ed25519').privateKey);
    const original = JSON.parse(target.payload.toString()) as Record<string, unknown>;
    const { chainseq, prevhash, signingkey: _k, signature: _s, ...content } = original;
    const resigned = Buffer.from(JSON.stringify(intruder.seal(content, chainseq as number, prevhash as string)));
    const foreign = await tamper((c) => c.query('UPDATE archive SET payload = $2 WHERE id = $1', [target.id, resigned]), restoreTarget);
    expect(foreign.code).toBe(1);
    expect(foreign.report.breaks).toContainEqual(
      expect.objectContaining({ kind: 'unknown-signer', locator: expect.stringContaining(`archive #${target.id} `) }),
    );
    // Its position is then missing from municipality's chain too (and the checkpoint over the row
    // broken): whether the gap or the foreign signature is listed first depends on whether a head
    // naming the position reached the archive before it (the archiver reads the heads topic and
    // the inboxes concurrently).
    expect(foreign.report.breaks.every((b) => b.kind === 'unknown-signer' || b.kind === 'checkpoint' || b.chainseq === Number(target.chainseq))).toBe(true);

    expect(verifyJson().report.intact).toBe(true); // every change undone, the archive verifies again
  });

  type Report = VerificationReport & { checkpointsHeld: number; checkpointsBroken: number };
  const archiveQuery = <T extends object>(sql: string, params: unknown[] = []) => asArchiveAdmin(async (c) => (await c.query<T>(sql, params)).rows);
  const sealedUpTo = async () => BigInt((await archiveQuery<{ n: string }>('SELECT coalesce(max(last_id), 0)::text AS n FROM checkpoints'))[0]?.n ?? '0');
  const newest = async () => BigInt((await archiveQuery<{ n: string }>('SELECT coalesce(max(id), 0)::text AS n FROM archive'))[0]?.n ?? '0');

  /**
   * Parked bytes on a dead-letter topic until a checkpoint seals everything archived so far. Each
   * padding message is new content: the archive collapses the same bytes into one row.
   */
  async function sealEverything(): Promise<void> {
    const end = await newest();
    while ((await sealedUpTo()) < end) {
      const before = await newest();
      await produceRaw(
        system.kafka,
        `${system.topicPrefix}schools.inbox.v1.dead-letter`,
        Array.from({ length: 10 }, () => ({ key: 'pad', value: `padding ${randomUUID()}`, partition: 0 })),
      );
      await eventually(async () => ((await newest()) >= before + 10n ? true : undefined), 'the padding to be archived');
    }
  }

  /**
   * Parked bytes until a checkpoint ends exactly at the newest archived message, so the next few
   * messages (fewer than AUDIT_CHECKPOINT_EVERY) lie past the last checkpoint whatever else arrives
   * meanwhile: the archiver cuts a checkpoint every 10 rows, counted from the last one.
   */
  async function alignToCheckpoint(): Promise<void> {
    await sealEverything();
    for (;;) {
      const sealed = await sealedUpTo();
      const [row] = await archiveQuery<{ n: number }>('SELECT count(*)::int AS n FROM archive WHERE id > $1', [String(sealed)]);
      const open = row?.n ?? 0;
      if (open === 0) return;
      await produceRaw(
        system.kafka,
        `${system.topicPrefix}schools.inbox.v1.dead-letter`,
        Array.from({ length: 10 - open }, () => ({ key: 'pad', value: `padding ${randomUUID()}`, partition: 0 })),
      );
      await eventually(async () => ((await sealedUpTo()) > sealed ? true : undefined), 'the padding to close a checkpoint');
    }
  }

  /** The newest `n` events of a producer's chain, as archived. */
  const tailOf = (signer: string, n: number) =>
    archiveQuery<{ id: string; chainseq: string }>(
      'SELECT id::text, chainseq::text FROM archive WHERE signer = $1 AND headseq IS NULL ORDER BY archive.chainseq DESC LIMIT $2',
      [signer, n],
    );

  async function withRowsDeleted<T>(ids: string[], check: () => T): Promise<T> {
    const saved = await asArchiveAdmin(saveRows(ids));
    await asArchiveAdmin((c) => c.query('DELETE FROM archive WHERE id = ANY($1::bigint[])', [ids]));
    try {
      return check();
    } finally {
      await asArchiveAdmin(restoreRows(saved));
    }
  }

  it('finds the newest events of any chain deleted, past the last checkpoint and inside one, and tells them from events in flight', async () => {
    await alignToCheckpoint();
    // A fresh case: the newest events of schools and municipality now lie past the last checkpoint
    // (its events and heads are fewer than the 10 messages the next checkpoint waits for).
    const report = await flow.file(reportFixture(rng));
    await flow.caseAt(report.caseref, 'screening');
    await flow.schoolSees(report.id, 'received');
    await settled();
    await headsSettled();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('schools', 'municipality'), async (signer) => {
        const [tail] = await tailOf(signer, 1);
        expect(BigInt(tail?.id ?? 0)).toBeGreaterThan(await sealedUpTo()); // past the last checkpoint
        await withRowsDeleted([tail?.id as string], () => {
          const late = verifyJson();
          expect(late.code).toBe(1);
          expect(late.report.breaks[0]).toMatchObject({ kind: 'deleted', signer, chainseq: Number(tail?.chainseq) });
          // The same gap seen as the archive sees an event still on its way: pending, not deleted.
          const young = verifyJson(['--grace', '600000']);
          expect(young.code).toBe(0);
          expect(young.report).toMatchObject({ intact: true, pending: [expect.objectContaining({ signer, chainseq: Number(tail?.chainseq) })] });
        });
      }),
      { numRuns: 2 },
    );

    await sealEverything();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('schools', 'municipality', 'police'), fc.integer({ min: 1, max: 3 }), async (signer, n) => {
        const tail = await tailOf(signer, n);
        for (const row of tail) expect(BigInt(row.id)).toBeLessThanOrEqual(await sealedUpTo());
        await withRowsDeleted(
          tail.map((r) => r.id),
          () => {
            const run = verifyJson();
            expect(run.code).toBe(1);
            const deleted = run.report.breaks.filter((b) => b.kind === 'deleted');
            expect(deleted.map((b) => [b.signer, b.chainseq])).toEqual(tail.map((r) => [signer, Number(r.chainseq)]).reverse());
            expect(run.report.breaks.some((b) => b.kind === 'checkpoint')).toBe(true);
            expect(run.report.checkpointsBroken).toBeGreaterThan(0);
          },
        );
      }),
      { numRuns: 4 },
    );
    expect(verifyJson()).toMatchObject({ code: 0, report: { intact: true } });
  });

  it('finds a deleted chain head, and one inside a checkpoint even when it is the newest', async () => {
    await sealEverything();
    // Only heads a checkpoint already seals: a periodic head may land while the test runs.
    const heads = await archiveQuery<{ id: string; signer: string; headseq: string; newest: boolean }>(
      `SELECT id::text, signer, headseq::text, newest FROM (
         SELECT id, signer, headseq, headseq = max(headseq) OVER (PARTITION BY signer) AS newest FROM archive WHERE headseq IS NOT NULL AND id <= (SELECT max(last_id) FROM checkpoints)
       ) h ORDER BY h.id`,
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...heads), async (head) => {
        await withRowsDeleted([head.id], () => {
          const run = verifyJson();
          expect(run.code).toBe(1);
          expect(run.report.intact).toBe(false);
          if (!head.newest)
            expect(run.report.breaks).toContainEqual(expect.objectContaining({ kind: 'deleted', signer: head.signer, headseq: Number(head.headseq) }));
          expect(run.report.breaks).toContainEqual(expect.objectContaining({ kind: 'checkpoint' }));
        });
      }),
      { numRuns: 5 },
    );
  });

  it('finds rewritten Kafka coordinates inside a checkpoint, and fails on any broken checkpoint in JSON and text', async () => {
    await sealEverything();
    const sealed = await archiveQuery<{ id: string }>('SELECT id::text FROM archive WHERE id <= (SELECT max(last_id) FROM checkpoints) ORDER BY archive.id');
    const columns = { kafka_offset: 'kafka_offset + 1000', kafka_partition: 'kafka_partition + 1', topic: "topic || '.moved'" } as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sealed), fc.constantFrom(...(Object.keys(columns) as (keyof typeof columns)[])), async ({ id }, column) => {
        const [before] = await archiveQuery<{ topic: string; kafka_partition: number; kafka_offset: string }>(
          'SELECT topic, kafka_partition, kafka_offset::text FROM archive WHERE id = $1',
          [id],
        );
        await asArchiveAdmin((c) => c.query(`UPDATE archive SET ${column} = ${columns[column]} WHERE id = $1`, [id]));
        try {
          for (const mode of [[], ['--full']]) {
            const run = verifyJson(mode);
            expect(run.code).toBe(1);
            const broken = run.report.breaks.filter((b) => b.kind === 'checkpoint');
            expect(broken).toHaveLength(1);
            const [, first, last] = /archive #(\d+)–#(\d+)/.exec(broken[0]?.locator ?? '') ?? [];
            expect(BigInt(id)).toBeGreaterThanOrEqual(BigInt(first ?? '0'));
            expect(BigInt(id)).toBeLessThanOrEqual(BigInt(last ?? '0'));
          }
        } finally {
          await asArchiveAdmin((c) =>
            c.query('UPDATE archive SET topic = $2, kafka_partition = $3, kafka_offset = $4 WHERE id = $1', [
              id,
              before?.topic,
              before?.kafka_partition,
              before?.kafka_offset,
            ]),
          );
        }
      }),
      { numRuns: 4 },
    );

    // A checkpoint whose signed root no longer matches, and one removed from the middle of the chain of checkpoints.
    const checkpoints = await archiveQuery<{ id: string; merkle_root: string }>('SELECT id::text, merkle_root FROM checkpoints ORDER BY first_id');
    const victim = checkpoints[Math.floor(checkpoints.length / 2)] as { id: string; merkle_root: string };
    const onCheckpoints = async (sql: string, params: unknown[]) =>
      asArchiveAdmin(async (c) => {
        await c.query('ALTER TABLE checkpoints DISABLE TRIGGER USER');
        try {
          return await c.query(sql, params);
        } finally {
          await c.query('ALTER TABLE checkpoints ENABLE TRIGGER USER');
        }
      });
    await onCheckpoints('UPDATE checkpoints SET merkle_root = $2 WHERE id = $1', [victim.id, 'f'.repeat(64)]);
    try {
      const run = verifyJson() as { code: number; report: Report };
      expect(run.code).toBe(1);
      expect(run.report).toMatchObject({ intact: false, checkpointsBroken: 1 });
      const text = audit(['verify', '--grace', '0']);
      expect(text.code).toBe(1);
      expect(text.stdout).toMatch(/^BROKEN: first broken link: checkpoint at checkpoint #\d+/);
    } finally {
      await onCheckpoints('UPDATE checkpoints SET merkle_root = $2 WHERE id = $1', [victim.id, victim.merkle_root]);
    }
    const saved = (await archiveQuery<{ row: object }>('SELECT to_jsonb(c) AS row FROM checkpoints c WHERE id = $1', [victim.id])).map((r) => r.row);
    await onCheckpoints('DELETE FROM checkpoints WHERE id = $1', [victim.id]);
    try {
      const run = verifyJson();
      expect(run.code).toBe(1);
      expect(run.report.breaks[0]).toMatchObject({ kind: 'checkpoint', detail: expect.stringContaining('does not follow') });
    } finally {
      await onCheckpoints('INSERT INTO checkpoints SELECT * FROM jsonb_populate_record(NULL::checkpoints, $1)', [saved[0]]);
    }
    expect(verifyJson()).toMatchObject({ code: 0, report: { intact: true } });
  });

  it('locates tampering on a topic', async () => {
    // A producer's chain as it would appear on a topic, then four doctored copies of it.
    const chain = (n: number) => {
      let prev = GENESIS;
      return Array.from({ length: n }, (_, i) => {
        const event = signedAsProducer(
          {
            id: randomUUID(),
            source: 'urn:casenet:police',
            type: 'police.verification.completed.v1',
            caseref: newCaseref(),
            time: new Date().toISOString(),
            data: { n: i },
          },
          i + 1,
          prev,
        );
        prev = contentHash(event);
        return JSON.stringify(event);
      });
    };
    const cases: [string, (c: string[]) => string[], string, number][] = [
      ['edited', (c) => c.map((m, i) => (i === 2 ? m.replace('"n":2', '"n":9') : m)), 'edited', 2],
      ['deleted', (c) => c.filter((_, i) => i !== 2), 'deleted', 2],
      ['swapped', (c) => [c[0], c[1], c[3], c[2], c[4]] as string[], 'reordered', 3],
      [
        'resigned',
        (c) =>
          c.map((m, i) =>
            i === 2
              ? JSON.stringify(new SigningKey('intruder-1', generateKeyPairSync('ed25519').privateKey).seal(JSON.parse(m), 3, JSON.parse(m).prevhash))
              : m,
          ),
        'unknown-signer',
        2,
      ],
    ];
    for (const [name, doctor, kind, offset] of cases) {
      // Inside this test's namespace, where the auditor principal may read on a shared broker.
      const topic = `${system.topicPrefix}tamper-${name}-${process.pid}`;
      await produceRaw(
        system.kafka,
        topic,
        doctor(chain(5)).map((value) => ({ key: 'k', value, partition: 0 })),
      );
      // Just written, so no grace: a gap in it is a deletion, not an event in flight.
      // Hand-made topics outside the registry: the auditors' ACLs do not reach them (docs/kafka-acls.md),
      // so this check of tamper detection reads them as the harness's own client.
      const run = audit(['verify', '--source', 'topics', '--topics', topic, '--json', '--grace', '0'], { KAFKA_TOPIC_PREFIX: '', ...superUser() });
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as VerificationReport;
      expect(report.breaks[0]).toMatchObject({ kind, locator: `topic ${topic}[0]@${offset}` });
    }
  });
});
