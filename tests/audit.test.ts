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
      env: { ...process.env, AUDIT_DATABASE_URL: system.auditDatabase.url, TRUST_LIST_FILE: DEV_TRUST_LIST, ...system.kafka.clientEnv('casenet-audit'), KAFKA_TOPIC_PREFIX: system.topicPrefix, ...env },
    });
    return { code: result.status ?? -1, stdout: result.stdout.toString(), stderr: result.stderr.toString() };
  }

  /** The harness's super user as the CLI's Kafka login, where the broker has one. */
  function superUser(): NodeJS.ProcessEnv {
    const sasl = system.kafka.clientConfig.sasl;
    return sasl && 'username' in sasl && 'password' in sasl ? { KAFKA_SASL_USERNAME: sasl.username, KAFKA_SASL_PASSWORD: sasl.password } : {};
  }

  const verifyJson = (args: string[] = []) => {
    const run = audit(['verify', '--json', ...args]);
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

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_audit_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true, env: { AUDIT_CHECKPOINT_EVERY: '10' } });
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
    // Everything every service published is in the archive.
    const published = (await Promise.all((['schools', 'municipality', 'police'] as const).map((a) => system.query<{ n: number }>(a, 'SELECT count(*)::int AS n FROM ledger')))).reduce((n, [r]) => n + (r?.n ?? 0), 0);
    await eventually(async () => {
      const client = new pg.Client({ connectionString: system.auditDatabase.url });
      await client.connect();
      const [row] = (await client.query<{ n: number }>("SELECT count(DISTINCT event_id)::int AS n FROM archive WHERE topic NOT LIKE '%.dead-letter'")).rows;
      await client.end();
      return row?.n === published ? true : undefined;
    }, `the archive to hold all ${published} published events`);
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
    const full = verifyJson(['--full']);
    expect(full.report).toMatchObject({ intact: true, checked: archive.report.checked, checkpointsHeld: 0 });
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
    expect(entries[2]).toMatchObject({ type: 'municipality.verification.requested.v1', purpose: 'residence-and-attendance-verification', dataCategories: ['case', 'contact', 'identity', 'school'] });
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
    const rows = await asArchiveAdmin(async (c) => (await c.query<{ id: string; payload: Buffer; signer: string; chainseq: string; topic: string; kafka_partition: number }>(
      "SELECT id::text, payload, signer, chainseq::text, topic, kafka_partition FROM archive WHERE signer = 'municipality' AND topic LIKE '%schools.inbox.v1' ORDER BY id",
    )).rows);
    const sealedUpTo = await asArchiveAdmin(async (c) => BigInt((await c.query<{ n: string }>('SELECT coalesce(max(last_id), 0)::text AS n FROM checkpoints')).rows[0]?.n ?? '0'));
    // The very next message on the same partition, whatever its producer: a swap with it moves
    // nothing else out of place, so the first broken link is exactly the swap.
    const nextInStream = await asArchiveAdmin(async (c) => new Map((await c.query<{ id: string; next: string | null }>(
      'SELECT id::text, (lead(id) OVER (PARTITION BY topic, kafka_partition ORDER BY id))::text AS next FROM archive',
    )).rows.map((r) => [r.id, r.next])));
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

    const edited = await tamper((c) => c.query("UPDATE archive SET payload = overlay(payload placing '7'::bytea from position('\"time\":\"2'::bytea in payload) + 9 for 1) WHERE id = $1", [target.id]), restoreTarget);
    expect(edited.code).toBe(1);
    expect(edited.report.breaks[0]).toMatchObject({ kind: 'edited', locator: expect.stringContaining(`archive #${target.id} `), signer: 'municipality', chainseq: Number(target.chainseq) });
    expect(edited.report.checkpointsBroken).toBeGreaterThan(0);

    const deleted = await tamper(
      (c) => c.query('DELETE FROM archive WHERE id = $1', [target.id]),
      (c) => c.query('INSERT INTO archive (id, topic, kafka_partition, kafka_offset, payload) OVERRIDING SYSTEM VALUE SELECT $1, topic, kafka_partition, kafka_offset, $2 FROM (VALUES (1)) v, LATERAL (SELECT $3::text AS topic, $4::int AS kafka_partition, -1::bigint AS kafka_offset) x', [target.id, target.payload, target.topic, target.kafka_partition]),
    );
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
    expect(swapped.report.breaks[0]).toMatchObject({ kind: 'reordered', locator: expect.stringContaining(`archive #${later.id} `), signer: 'municipality', chainseq: Number(target.chainseq) });

    const intruder = new SigningKey('intruder-1', generateKeyPairSync('ed25519').privateKey);
    const original = JSON.parse(target.payload.toString()) as Record<string, unknown>;
    const { chainseq, prevhash, signingkey: _k, signature: _s, ...content } = original;
    const resigned = Buffer.from(JSON.stringify(intruder.seal(content, chainseq as number, prevhash as string)));
    const foreign = await tamper((c) => c.query('UPDATE archive SET payload = $2 WHERE id = $1', [target.id, resigned]), restoreTarget);
    expect(foreign.code).toBe(1);
    expect(foreign.report.breaks[0]).toMatchObject({ kind: 'unknown-signer', locator: expect.stringContaining(`archive #${target.id} `) });

    expect(verifyJson().report.intact).toBe(true); // every change undone, the archive verifies again
  });

  it('locates tampering on a topic', async () => {
    // A producer's chain as it would appear on a topic, then four doctored copies of it.
    const chain = (n: number) => {
      let prev = GENESIS;
      return Array.from({ length: n }, (_, i) => {
        const event = signedAsProducer(
          { id: randomUUID(), source: 'urn:casenet:police', type: 'police.verification.completed.v1', caseref: newCaseref(), time: new Date().toISOString(), data: { n: i } },
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
      ['resigned', (c) => c.map((m, i) => (i === 2 ? JSON.stringify(new SigningKey('intruder-1', generateKeyPairSync('ed25519').privateKey).seal(JSON.parse(m), 3, JSON.parse(m).prevhash)) : m)), 'unknown-signer', 2],
    ];
    for (const [name, doctor, kind, offset] of cases) {
      // Inside this test's namespace, where the auditor principal may read on a shared broker.
      const topic = `${system.topicPrefix}tamper-${name}-${process.pid}`;
      await produceRaw(system.kafka, topic, doctor(chain(5)).map((value) => ({ key: 'k', value, partition: 0 })));
      // Hand-made topics outside the registry: the auditors' ACLs do not reach them (docs/kafka-acls.md),
      // so this check of tamper detection reads them as the harness's own client.
      const run = audit(['verify', '--source', 'topics', '--topics', topic, '--json'], { KAFKA_TOPIC_PREFIX: '', ...superUser() });
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as VerificationReport;
      expect(report.breaks[0]).toMatchObject({ kind, locator: `topic ${topic}[0]@${offset}` });
    }
  });
});
