import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency, DEAD_LETTER_HEADERS, deadLetterTopic, EVENT_CATALOG, inboxTopic, newCaseref, newEvent } from '@casenet/contracts';
import {
  eventually,
  FlowSteps,
  freeSystemPorts,
  produceRaw,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  signedAsProducer,
  TopicReader,
} from '@casenet/testing';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';

jest.setTimeout(240_000);

/** A well-formed envelope of a type this inbox accepts (its data need not be valid: the signature is checked first). */
function envelopeFor(agency: Agency, type?: string): Record<string, unknown> {
  const contract = EVENT_CATALOG.find((c) => c.recipients.includes(agency));
  if (!contract) throw new Error(`nothing is addressed to ${agency}`);
  return {
    ...newEvent({
      producer: contract.producer,
      type: type ?? contract.type,
      caseref: newCaseref(),
      subject: 'sk1_hostile-subject-000000000000000000000000000000',
      data: { hello: 'world' },
      disclosure: { purpose: 'hostile-test', legalbasis: 'none', datacategories: ['case'] },
    }),
  };
}

/** What is wrong with a dead-letter reason as a problem document (type, title, detail = the reason, errors with paths). */
function problemShapeFault(problem: unknown, reason: string | undefined): string | undefined {
  if (problem === null || typeof problem !== 'object') return 'no problem document';
  const p = problem as Record<string, unknown>;
  if (typeof p.type !== 'string' || !p.type.startsWith('urn:casenet:problem:')) return `type ${String(p.type)}`;
  if (typeof p.title !== 'string') return 'no title';
  if (typeof p.detail !== 'string' || (reason !== undefined && !reason.startsWith(p.detail.slice(0, 2000))))
    return `detail ${String(p.detail)} is not the reason ${reason}`;
  const allowed = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);
  if (Object.keys(p).some((k) => !allowed.has(k))) return `stray members in ${Object.keys(p).join(', ')}`;
  if (
    p.errors !== undefined &&
    !(Array.isArray(p.errors) && p.errors.every((e: { path?: unknown; message?: unknown }) => typeof e.path === 'string' && typeof e.message === 'string'))
  )
    return 'errors without path and message';
  return undefined;
}

/**
 * Every consumer, fed poison: malformed JSON, binary, an unknown version, unsigned, wrongly
 * signed, oversized, and generated JSON. Each is parked on its dead-letter topic with a reason;
 * each consumer then applies the next real event.
 */
describe('hostile input on every consumer', () => {
  let system: RunningSystem;
  let reader: TopicReader;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_hostile_kafka_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    reader = new TopicReader(system.kafka);
    await reader.start(AGENCIES.map((a) => system.topicPrefix + deadLetterTopic(inboxTopic(a))));
  });

  afterAll(async () => {
    await reader?.stop();
    await system?.stop();
  });

  it('parks every poison message with a reason and keeps consuming', async () => {
    const sent: Record<string, number> = {};
    for (const agency of AGENCIES) {
      const tampered = signedAsProducer(envelopeFor(agency));
      tampered.caseref = newCaseref(); // changed after signing
      const fixed: (string | Buffer)[] = [
        '{"id": "truncated',
        Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x37]),
        '',
        JSON.stringify(signedAsProducer(envelopeFor(agency, 'schools.absence.reported.v9'))),
        JSON.stringify(envelopeFor(agency)),
        JSON.stringify(tampered),
        JSON.stringify({ ...signedAsProducer(envelopeFor(agency)), padding: 'x'.repeat(600_000) }),
      ];
      const deep = fc
        .tuple(fc.integer({ min: 33, max: 100_000 }), fc.boolean())
        .map(([depth, arrays]) => (arrays ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth)));
      const prototypeKey = fc.tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.boolean()).map(([key, inData]) => {
        const event = envelopeFor(agency);
        return JSON.stringify(
          signedAsProducer(inData ? { ...event, data: JSON.parse(`{"hello": "world", "${key}": {"polluted": true}}`) as object } : event),
        ).replace(/^\{/, `{"${key}": {"polluted": true},`);
      });
      const notUtf8 = fc
        .uint8Array({ minLength: 1, maxLength: 6 })
        .filter((b) => !isUtf8(b))
        .map((b) => Buffer.concat([Buffer.from(JSON.stringify(signedAsProducer(envelopeFor(agency))).slice(0, -1) + ',"x":"'), b, Buffer.from('"}')]));
      const generated = fc.sample(
        fc.oneof(
          fc.json().map((j) => j),
          fc.uint8Array({ minLength: 1, maxLength: 200 }).map((b) => Buffer.from(b)),
          fc.object().map((o) => JSON.stringify(o)),
          deep,
          prototypeKey,
          notUtf8,
        ),
        { numRuns: 18, seed: 42 },
      );
      const poison = [...fixed, ...generated];
      await produceRaw(
        system.kafka,
        system.topicPrefix + inboxTopic(agency),
        poison.map((value, i) => ({ key: `CR-HOSTILE${String(i).padStart(4, '0')}`, value })),
      );
      sent[agency] = poison.length;
    }

    // Each consumer goes on: one report that reaches all five inboxes.
    const flow = new FlowSteps(system);
    const web = new ReferralSteps(system);
    const report = await flow.file(reportFixture(new Rng(11), { concerns: ['bullying', 'harm_to_child'] }));
    await flow.caseAt(report.caseref, 'screening');
    await flow.schoolSees(report.id, 'received');
    await web.refer(report.caseref, { agency: 'health', concern: 'bullying' });
    await web.refer(report.caseref, { agency: 'court', grounds: 'harm_to_child' });
    await web.received('health', report.caseref);
    await web.received('court', report.caseref);
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await eventually(
      async () => (await system.query('police', 'SELECT 1 FROM verification_requests WHERE caseref = $1', [report.caseref]))[0],
      'police to get the request',
    );

    const lines: string[] = [];
    for (const agency of AGENCIES) {
      await eventually(
        async () => ((await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters')) >= (sent[agency] ?? 0) ? true : undefined),
        `${agency} to park its poison`,
      );
      expect(await system.count(agency, 'SELECT count(*)::int AS n FROM dead_letters')).toBe(sent[agency]);
      const parked = await eventually(async () => {
        const onTopic = reader.messages.filter((m) => m.topic === system.topicPrefix + deadLetterTopic(inboxTopic(agency)));
        return onTopic.length >= (sent[agency] ?? 0) ? onTopic : undefined;
      }, `${agency}'s dead-letter topic`);
      expect(parked.every((m) => (m.headers[DEAD_LETTER_HEADERS.reason] ?? '').length > 0)).toBe(true);
      // The reason, whole, in the vocabulary of HTTP errors: a problem document in the header and the table.
      for (const m of parked)
        expect(problemShapeFault(JSON.parse(m.headers[DEAD_LETTER_HEADERS.problem] ?? 'null'), m.headers[DEAD_LETTER_HEADERS.reason])).toBeUndefined();
      const rows = await system.query<{ reason: string; problem: Record<string, unknown> | null }>(agency, 'SELECT reason, problem FROM dead_letters');
      for (const row of rows) expect(problemShapeFault(row.problem, row.reason)).toBeUndefined();
      lines.push(`  ${inboxTopic(agency).padEnd(24)} ${sent[agency]} poison messages, all parked with a reason`);
    }
    process.stdout.write(`hostile Kafka inputs per topic:\n${lines.join('\n')}\n`);
  });
});
