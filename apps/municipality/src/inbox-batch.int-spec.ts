import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AbsenceReportedV1, type EventEnvelope, VerificationCompletedV1 } from '@casenet/contracts';
import { type InboundBatchMessage, InboxBatchProcessor, type InboxOutcome } from '@casenet/messaging';
import { eventually, InProcessService, onTheWire, produceRaw, reportFixture, Rng, senderEvent } from '@casenet/testing';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { municipalityApp } from './municipality.app.js';

jest.setTimeout(120_000);

/**
 * Batches of the inbox (ADR 0030) on the municipality's real module and database: composed by
 * hand (a made-up partition, so the running consumer's offsets never collide), and once through
 * the broker.
 */
describe('inbox batches (real PostgreSQL and Kafka)', () => {
  let service: InProcessService;
  let batches: InboxBatchProcessor;
  const rng = new Rng(16);
  const topic = 'municipality.inbox.v1';
  const partition = 90;
  let nextOffset = 1;

  beforeAll(async () => {
    service = await InProcessService.start(municipalityApp, `t_int_batch_${process.pid}`);
    batches = service.app.get(InboxBatchProcessor);
  });

  afterAll(async () => {
    await service?.stop();
  });

  const report = () =>
    senderEvent<AbsenceReportedV1>({
      type: AbsenceReportedV1.type,
      to: 'municipality',
      source: { reportId: randomUUID(), ...reportFixture(rng), reportedAt: new Date().toISOString() },
    });
  /** Valid on the wire, refused by the handler: no case waits for this verification. */
  const unknownVerification = () =>
    senderEvent({
      type: VerificationCompletedV1.type,
      to: 'municipality',
      source: { requestId: randomUUID(), outcome: 'confirmed_absent', verifiedAt: new Date().toISOString() },
    });
  const message = async (value: string | EventEnvelope<object>): Promise<InboundBatchMessage> => ({
    topic,
    partition,
    offset: String(nextOffset++),
    key: typeof value === 'string' ? 'poison' : value.caseref,
    value: Buffer.from(typeof value === 'string' ? value : await onTheWire(value, 'municipality', service.keyVault.sealer)),
  });
  const inboxRows = (ids: string[]) =>
    service.query<{ event_id: string; tx: string }>('SELECT event_id, xmin::text AS tx FROM inbox WHERE event_id = ANY($1)', [ids]);
  const deadLetterAt = (offset: string) =>
    service.query<{ reason: string; problem: { type: string }; tx: string }>(
      'SELECT reason, problem, xmin::text AS tx FROM dead_letters WHERE topic = $1 AND kafka_partition = $2 AND kafka_offset = $3',
      [topic, partition, offset],
    );

  it('applies a batch in one transaction, parking a malformed message and dropping a redelivery', async () => {
    const events = [report(), report(), report(), report()];
    const [a, b, c, d] = await Promise.all(events.map(message));
    const poison = await message('{"not": "an event"');
    const again = { ...(b as InboundBatchMessage), offset: String(nextOffset++) };
    const outcomes = await batches.processBatch([a, b, poison, c, again, d] as InboundBatchMessage[]);

    expect(outcomes).toEqual(['applied', 'applied', 'dead-lettered', 'applied', 'duplicate', 'applied']);
    const rows = await inboxRows(events.map((e) => e.id));
    expect(rows).toHaveLength(4);
    const [parked] = await deadLetterAt(poison.offset);
    expect(parked?.problem.type).toMatch(/malformed-event$/);
    // One transaction for the whole batch: every row it wrote carries the same transaction id.
    expect(new Set([...rows.map((r) => r.tx), parked?.tx])).toEqual(new Set([rows[0]?.tx]));
    // Per-case order: the acknowledgements to the school were written in the batch's order.
    const acks = await service.query<{ caseref: string }>(
      `SELECT message_key AS caseref FROM outbox WHERE topic = 'schools.inbox.v1' AND message_key = ANY($1) ORDER BY id`,
      [events.map((e) => e.caseref)],
    );
    expect(acks.map((r) => r.caseref)).toEqual(events.map((e) => e.caseref));
  });

  it('isolates an event its handler refuses: the others apply exactly once, the refused one alone is parked', async () => {
    const events = [report(), report(), report()];
    const refused = unknownVerification();
    const [a, b, c] = await Promise.all(events.map(message));
    const poison = await message(refused);
    const outcomes = await batches.processBatch([a, b, poison, c] as InboundBatchMessage[]);

    expect(outcomes).toEqual(['applied', 'applied', 'dead-lettered', 'applied']);
    const rows = await inboxRows([...events.map((e) => e.id), refused.id]);
    expect(rows.map((r) => r.event_id).sort()).toEqual(events.map((e) => e.id).sort());
    const [parked] = await deadLetterAt(poison.offset);
    expect(parked?.problem.type).toMatch(/rejected-event$/);
    expect(parked?.reason).toContain('no case waits for verification');
    const cases = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM cases WHERE caseref = ANY($1)', [events.map((e) => e.caseref)]);
    expect(cases[0]?.n).toBe(3);
  });

  it('settles any mix of valid, malformed, untrusted and redelivered messages as one message at a time would', async () => {
    const kinds = fc.constantFrom('valid', 'malformed', 'untrusted', 'refused', 'again');
    await fc.assert(
      fc.asyncProperty(fc.array(kinds, { minLength: 1, maxLength: 12 }), async (mix) => {
        const sent: { message: InboundBatchMessage; eventId?: string; expected: InboxOutcome }[] = [];
        const applied: InboundBatchMessage[] = [];
        for (const kind of mix) {
          if (kind === 'valid' || (kind === 'again' && applied.length === 0)) {
            const event = report();
            const m = await message(event);
            applied.push(m);
            sent.push({ message: m, eventId: event.id, expected: 'applied' });
          } else if (kind === 'again') {
            const earlier = applied[applied.length - 1] as InboundBatchMessage;
            sent.push({ message: { ...earlier, offset: String(nextOffset++) }, expected: 'duplicate' });
          } else if (kind === 'malformed') {
            sent.push({ message: await message('\u0000 not json'), expected: 'dead-lettered' });
          } else if (kind === 'untrusted') {
            const wire = JSON.parse(await onTheWire(report(), 'municipality', service.keyVault.sealer)) as Record<string, unknown>;
            sent.push({ message: await message(JSON.stringify({ ...wire, signature: 'AAAA' })), expected: 'dead-lettered' });
          } else {
            sent.push({ message: await message(unknownVerification()), expected: 'dead-lettered' });
          }
        }
        const outcomes = await batches.processBatch(sent.map((s) => s.message));
        expect(outcomes).toEqual(sent.map((s) => s.expected));
        const ids = sent.flatMap((s) => (s.eventId ? [s.eventId] : []));
        expect((await inboxRows(ids)).length).toBe(ids.length);
        for (const s of sent.filter((x) => x.expected === 'dead-lettered')) expect(await deadLetterAt(s.message.offset)).toHaveLength(1);
      }),
      { numRuns: 12, seed: 16 },
    );
  });

  it('consumes a batch from the broker with a poison message in the middle', async () => {
    const events = Array.from({ length: 8 }, report);
    const wire = await Promise.all(events.map((e) => onTheWire(e, 'municipality', service.keyVault.sealer)));
    await produceRaw(service.kafka, service.inbox('municipality'), [
      ...wire.slice(0, 4).map((value, i) => ({ key: (events[i] as EventEnvelope<object>).caseref, value })),
      { key: 'poison', value: 'not json at all' },
      ...wire.slice(4).map((value, i) => ({ key: (events[i + 4] as EventEnvelope<object>).caseref, value })),
    ]);
    await eventually(async () => ((await inboxRows(events.map((e) => e.id))).length === 8 ? true : undefined), 'every valid event applied');
    const parked = await eventually(async () => {
      const rows = await service.query<{ n: number }>(`SELECT count(*)::int AS n FROM dead_letters WHERE topic = $1 AND kafka_partition <> $2`, [
        topic,
        partition,
      ]);
      return (rows[0]?.n ?? 0) > 0 ? rows : undefined;
    }, 'the poison message parked');
    expect(parked[0]?.n).toBe(1);
  });
});
