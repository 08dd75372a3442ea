import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AbsenceReportedV1, DEAD_LETTER_HEADERS, deadLetterTopic, inboxTopic, VerificationCompletedV1, VerificationRequestedV1 } from '@casenet/contracts';
import {
  eventually,
  FlowSteps,
  freeSystemPorts,
  onTheWire,
  produceRaw,
  signedAsProducer,
  reportFixture,
  Rng,
  RunningSystem,
  senderEvent,
  TopicReader,
} from '@casenet/testing';
import { randomUUID } from 'node:crypto';

jest.setTimeout(120_000);

/** Poison on an inbox goes to the dead-letter topic with its reason; the consumer keeps going. */
describe('dead letters', () => {
  let system: RunningSystem;
  let reader: TopicReader;
  const rng = new Rng(7);

  beforeAll(async () => {
    system = await RunningSystem.start({
      namespace: `t_dlq_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
    });
    reader = new TopicReader(system.kafka);
    await reader.start([system.topicPrefix + deadLetterTopic(inboxTopic('municipality'))]);
  });

  afterAll(async () => {
    await reader?.stop();
    await system?.stop();
  });

  it('parks each malformed message with its reason while the next good message on the partition is applied', async () => {
    const topic = system.topicPrefix + inboxTopic('municipality');
    const fixture = reportFixture(rng);
    const report = (overrides: Partial<AbsenceReportedV1> = {}) =>
      senderEvent({
        type: AbsenceReportedV1.type,
        to: 'municipality',
        source: { reportId: randomUUID(), ...fixture, reportedAt: new Date().toISOString(), ...overrides },
      });
    const badTaxCode = report({ pupil: { ...fixture.pupil, taxCode: 'RSSMRA85T10A562X' } });
    const wrongInbox = senderEvent({ type: VerificationRequestedV1.type, to: 'police', source: { requestId: randomUUID(), ...fixture } });
    const unknownRequest = senderEvent({
      type: VerificationCompletedV1.type,
      to: 'municipality',
      source: { requestId: randomUUID(), outcome: 'confirmed_absent', verifiedAt: new Date().toISOString() },
    });
    const good = report();

    const sealer = system.keyVault.sealer;
    const poison = [
      { value: '{"id": "truncated', reason: /^malformed JSON/ },
      { value: await onTheWire(badTaxCode, 'municipality', sealer), reason: /^data\.pupil\.taxCode: .*check character/ },
      { value: await onTheWire(wrongInbox, 'police', sealer), reason: /may not be sent to topic municipality\.inbox\.v1/ },
      { value: await onTheWire(unknownRequest, 'municipality', sealer), reason: /no case waits for verification/ },
      { value: JSON.stringify(signedAsProducer({ ...report() })), reason: /^personal data must travel sealed: data\.pupil\.firstName, / },
      { value: JSON.stringify(report()), reason: /^unsigned event$/ },
      {
        value: (await onTheWire(report(), 'municipality', sealer)).replace('"specversion":"1.0"', '"specversion":"1.0","extra":1'),
        reason: /^the signature does not match the event$/,
      },
    ];
    // All on one partition, poison first: the good message can only be reached past the poison.
    await produceRaw(system.kafka, topic, [
      ...poison.map((p) => ({ key: 'CR-POISON', value: p.value, partition: 0 })),
      { key: good.caseref, value: await onTheWire(good, 'municipality', sealer), partition: 0 },
    ]);

    await eventually(async () => {
      const rows = await system.query('municipality', 'SELECT 1 FROM cases WHERE caseref = $1', [good.caseref]);
      return rows.length === 1 ? rows : undefined;
    }, 'the good report behind the poison to open a case');

    const dlqTopic = system.topicPrefix + deadLetterTopic(inboxTopic('municipality'));
    const parked = await eventually(async () => (reader.on(dlqTopic).length >= poison.length ? reader.on(dlqTopic) : undefined), 'dead letters');
    expect(parked).toHaveLength(poison.length);
    const sorted = [...parked].sort((a, b) => Number(a.headers[DEAD_LETTER_HEADERS.sourceOffset]) - Number(b.headers[DEAD_LETTER_HEADERS.sourceOffset]));
    sorted.forEach((message, i) => {
      expect(message.value?.toString()).toBe(poison[i]?.value); // the original bytes, untouched
      expect(message.headers[DEAD_LETTER_HEADERS.reason]).toMatch(poison[i]?.reason as RegExp);
      expect(message.headers[DEAD_LETTER_HEADERS.sourceTopic]).toBe(inboxTopic('municipality'));
      expect(message.headers[DEAD_LETTER_HEADERS.sourcePartition]).toBe('0');
    });
    const recorded = await system.query<{ reason: string; attempts: number }>(
      'municipality',
      'SELECT reason, attempts FROM dead_letters ORDER BY kafka_offset',
    );
    expect(recorded.map((r) => r.reason)).toHaveLength(poison.length);
    expect(recorded.every((r) => r.attempts === 1)).toBe(true);
    expect(await system.query('municipality', 'SELECT count(*)::int AS n FROM cases')).toEqual([{ n: 1 }]); // only the good one

    // And the service goes on with ordinary traffic.
    const flow = new FlowSteps(system);
    const filed = await flow.file(reportFixture(rng));
    await flow.schoolSees(filed.id, 'received');
  });
});
