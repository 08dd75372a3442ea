import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { context, propagation, ROOT_CONTEXT, type SpanContext, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { EntityManager } from 'typeorm';
import { adoptCaseTrace, consumeInTrace, extractTraceContext, injectTraceContext, traceOutgoing, tracingOn } from './trace-context.js';

/** Answers the case-trace lookup with `stored` and records every statement. */
function manager(stored?: { traceparent: string; tracestate: string | null }): { manager: EntityManager; sql: { text: string; params: unknown[] }[] } {
  const sql: { text: string; params: unknown[] }[] = [];
  const query = async (text: string, params: unknown[]) => {
    sql.push({ text, params });
    return text.startsWith('SELECT') && stored ? [stored] : [];
  };
  return { manager: { query } as Pick<EntityManager, 'query'> as EntityManager, sql };
}

const inbound = { topic: 'municipality.inbox.v1', partition: 2, offset: '41' };
const outgoing = {
  caseref: 'CR-TRACE01',
  topic: 'police.inbox.v1',
  eventId: '5b0e7f0e-8f0a-4a51-9d8e-1d2f3a4b5c6d',
  eventType: 'casenet.verification.requested.v1',
};
const remote: SpanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1, isRemote: true };

describe('trace context with no SDK started (tracing off, the default)', () => {
  it('is a no-op: nothing injected, nothing queried, processing runs as it is', async () => {
    expect(tracingOn()).toBe(false);
    expect(injectTraceContext(trace.setSpanContext(ROOT_CONTEXT, remote))).toEqual({});
    const { manager: m, sql } = manager();
    expect(await traceOutgoing(m, outgoing)).toEqual({});
    await adoptCaseTrace(m, { id: outgoing.eventId, type: outgoing.eventType, caseref: outgoing.caseref });
    expect(await consumeInTrace({ traceparent: Buffer.from(`00-${remote.traceId}-${remote.spanId}-01`) }, inbound, async () => 'applied')).toBe('applied');
    expect(sql).toEqual([]);
  });
});

describe('trace context with the SDK started', () => {
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }).register();
  });

  afterEach(() => exporter.reset());

  it('injects W3C traceparent and tracestate, and extracts them from Kafka header bytes', () => {
    const span = trace.getTracer('spec').startSpan('request');
    const ctx = trace.setSpan(ROOT_CONTEXT, span);
    const headers = injectTraceContext(ctx);
    const { traceId, spanId } = span.spanContext();
    expect(headers.traceparent).toBe(`00-${traceId}-${spanId}-01`);

    // Kafka hands headers over as bytes, sometimes repeated: the first value counts.
    const fromKafka = { traceparent: [Buffer.from(headers.traceparent ?? ''), Buffer.from('garbage')], tracestate: Buffer.from('casenet=1') };
    const extracted = trace.getSpanContext(extractTraceContext(fromKafka));
    expect(extracted).toMatchObject({ traceId, spanId, isRemote: true });
    expect(extracted?.traceState?.get('casenet')).toBe('1');
    expect(injectTraceContext(extractTraceContext(fromKafka)).tracestate).toBe('casenet=1');
  });

  it('ignores a malformed traceparent: the consumer span then starts a trace of its own', async () => {
    expect(trace.getSpanContext(extractTraceContext({ traceparent: 'not-a-traceparent' }))).toBeUndefined();
    await consumeInTrace({ traceparent: Buffer.from('00-zz-yy-01') }, inbound, async () => undefined);
    const [consumer] = exporter.getFinishedSpans();
    expect(consumer?.parentSpanContext).toBeUndefined();
  });

  it('processes a message in a consumer span that is the child of its producer, and continues that trace', async () => {
    const { manager: m, sql } = manager();
    const headers = { traceparent: Buffer.from(`00-${remote.traceId}-${remote.spanId}-01`) };
    const published = await consumeInTrace(headers, inbound, async () => {
      await adoptCaseTrace(m, { id: outgoing.eventId, type: 'casenet.absence.reported.v1', caseref: outgoing.caseref });
      return traceOutgoing(m, outgoing);
    });
    const spans = exporter.getFinishedSpans();
    const consumer = spans.find((s) => s.kind === SpanKind.CONSUMER);
    const producer = spans.find((s) => s.kind === SpanKind.PRODUCER);
    expect(consumer?.name).toBe('process municipality.inbox.v1');
    expect(consumer?.spanContext().traceId).toBe(remote.traceId);
    expect(consumer?.parentSpanContext?.spanId).toBe(remote.spanId);
    expect(consumer?.attributes).toMatchObject({
      'messaging.system': 'kafka',
      'messaging.destination.name': 'municipality.inbox.v1',
      'casenet.caseref': outgoing.caseref,
      'cloudevents.event_type': 'casenet.absence.reported.v1',
    });
    expect(producer?.parentSpanContext?.spanId).toBe(consumer?.spanContext().spanId);
    expect(published.traceparent).toBe(`00-${remote.traceId}-${producer?.spanContext().spanId}-01`);
    // The consumer's context became the case's trace; nothing was looked up inside the processing.
    expect(sql.map((s) => s.text.split(' ')[0])).toEqual(['INSERT']);
    expect(sql[0]?.params).toEqual([outgoing.caseref, `00-${remote.traceId}-${consumer?.spanContext().spanId}-01`, null]);
  });

  it('marks the consumer span failed when processing throws, and rethrows', async () => {
    await expect(
      consumeInTrace({}, inbound, async () => {
        throw new Error('database is down');
      }),
    ).rejects.toThrow('database is down');
    expect(exporter.getFinishedSpans()[0]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it("publishes a caseworker's later action in the case's trace, linked to the request's own span", async () => {
    const { manager: m, sql } = manager({ traceparent: `00-${remote.traceId}-${remote.spanId}-01`, tracestate: null });
    const request = trace.getTracer('spec').startSpan('POST /cases/:caseref/referrals', { kind: SpanKind.SERVER });
    const headers = await context.with(trace.setSpan(context.active(), request), () => traceOutgoing(m, outgoing));
    request.end();
    const producer = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER);
    expect(producer?.spanContext().traceId).toBe(remote.traceId);
    expect(producer?.parentSpanContext?.spanId).toBe(remote.spanId);
    expect(producer?.links.map((l) => l.context.spanId)).toEqual([request.spanContext().spanId]);
    expect(producer?.attributes).toMatchObject({ 'messaging.operation.type': 'create', 'messaging.message.id': outgoing.eventId });
    expect(headers.traceparent).toBe(`00-${remote.traceId}-${producer?.spanContext().spanId}-01`);
    expect(sql.map((s) => s.text.split(' ')[0])).toEqual(['SELECT']);
  });

  it("starts the case's trace with its first event, from the request that raised it", async () => {
    const { manager: m, sql } = manager();
    const request = trace.getTracer('spec').startSpan('POST /reports', { kind: SpanKind.SERVER });
    const headers = await context.with(trace.setSpan(context.active(), request), () => traceOutgoing(m, outgoing));
    const producer = exporter.getFinishedSpans().find((s) => s.kind === SpanKind.PRODUCER);
    expect(producer?.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(producer?.links).toEqual([]);
    expect(sql.map((s) => s.text.split(' ')[0])).toEqual(['SELECT', 'INSERT']);
    expect(sql[1]?.params).toEqual([outgoing.caseref, headers.traceparent, null]);
    expect(propagation.fields()).toContain('traceparent');
  });
});
