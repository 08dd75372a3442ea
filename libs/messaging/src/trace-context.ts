import {
  type Attributes,
  context,
  type Context,
  createContextKey,
  isSpanContextValid,
  type Link,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  type TextMapGetter,
  trace,
} from '@opentelemetry/api';
import type { EntityManager } from 'typeorm';

/**
 * W3C trace context across the outbox and Kafka (ADR 0027). With no SDK started every function
 * here costs one check and no query: the API's default propagator has no fields.
 */
const tracer = trace.getTracer('@casenet/messaging');

/** Marks the context of an inbound event's processing: events published there continue its trace. */
const CONSUMING = createContextKey('casenet.consuming-event');

export type KafkaHeaderValue = Buffer | string | (Buffer | string)[] | undefined;
export type KafkaHeaders = Record<string, KafkaHeaderValue>;

export interface OutgoingTrace {
  caseref: string;
  topic: string;
  eventId: string;
  eventType: string;
}

export interface InboundTrace {
  topic: string;
  partition: number;
  offset: string;
}

export function tracingOn(): boolean {
  return propagation.fields().length > 0;
}

const kafkaHeaderGetter: TextMapGetter<KafkaHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get: (carrier, key) => {
    const value = carrier[key];
    const first = Array.isArray(value) ? value[0] : value;
    return first === undefined ? undefined : first.toString();
  },
};

/** The trace context the headers carry, or the root context when they carry none. */
export function extractTraceContext(headers: KafkaHeaders | undefined): Context {
  return propagation.extract(ROOT_CONTEXT, headers ?? {}, kafkaHeaderGetter);
}

/** `traceparent` (and `tracestate`) for the span of `ctx`; empty when tracing is off. */
export function injectTraceContext(ctx: Context): Record<string, string> {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  return headers;
}

/** The consumer span of one inbound message: its processing runs inside it, possibly in parts. */
export interface ConsumerSpan {
  run<T>(process: () => Promise<T>): Promise<T>;
  /** Ends the span, as failed when given the error that failed the processing. */
  end(error?: unknown): void;
}

const UNTRACED: ConsumerSpan = { run: (process) => process(), end: () => undefined };

/**
 * Opens the consumer span of one Kafka message, whose parent is the context its producer wrote
 * into the headers. A batch validates and applies its messages in separate passes (ADR 0030), so
 * the span is entered once per pass instead of wrapping one call. The headers are not signed:
 * the context only joins spans, nothing decides on it.
 */
export function startConsumerSpan(headers: KafkaHeaders | undefined, inbound: InboundTrace): ConsumerSpan {
  if (!tracingOn()) return UNTRACED;
  const parent = extractTraceContext(headers);
  const span = tracer.startSpan(
    `process ${inbound.topic}`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': inbound.topic,
        'messaging.destination.partition.id': String(inbound.partition),
        'messaging.kafka.offset': Number(inbound.offset),
      },
    },
    parent,
  );
  const inside = trace.setSpan(parent, span).setValue(CONSUMING, true);
  return {
    run: (process) => context.with(inside, process),
    end: (error) => {
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    },
  };
}

/** Runs the processing of one Kafka message inside its consumer span (see `startConsumerSpan`). */
export async function consumeInTrace<T>(headers: KafkaHeaders | undefined, inbound: InboundTrace, process: () => Promise<T>): Promise<T> {
  const span = startConsumerSpan(headers, inbound);
  try {
    const result = await span.run(process);
    span.end();
    return result;
  } catch (error) {
    span.end(error);
    throw error;
  }
}

/**
 * Inside the inbox transaction of an event about to be applied: names the event on the consumer
 * span and keeps this span's context as the case's trace, unless the case has one already.
 */
export async function adoptCaseTrace(manager: EntityManager, event: { id: string; type: string; caseref: string }): Promise<void> {
  if (!tracingOn()) return;
  const active = context.active();
  const span = trace.getSpan(active);
  if (!span || active.getValue(CONSUMING) !== true) return;
  span.setAttributes(eventAttributes(event.id, event.type, event.caseref));
  await recordCaseTrace(manager, event.caseref, injectTraceContext(active));
}

/**
 * Opens and ends the producer ("create") span of an event written to the outbox, and returns the
 * headers that carry it. Inside an inbound event's processing the event continues that trace.
 * Anywhere else (a caseworker's request, a timer) it joins the trace of its case, linked to the
 * request's own span, so one report's trace spans every agency it reaches; the first event of a
 * case starts the case's trace.
 */
export async function traceOutgoing(manager: EntityManager, outgoing: OutgoingTrace): Promise<Record<string, string>> {
  if (!tracingOn()) return {};
  const active = context.active();
  let parent = active;
  const links: Link[] = [];
  let caseTrace: Context | undefined;
  if (active.getValue(CONSUMING) !== true) {
    caseTrace = await readCaseTrace(manager, outgoing.caseref);
    const current = trace.getSpanContext(active);
    if (caseTrace) {
      parent = caseTrace;
      if (current && isSpanContextValid(current)) links.push({ context: current, attributes: { 'casenet.link': 'request' } });
    }
  }
  const span = tracer.startSpan(
    `create ${outgoing.topic}`,
    {
      kind: SpanKind.PRODUCER,
      links,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'create',
        'messaging.operation.name': 'create',
        'messaging.destination.name': outgoing.topic,
        'messaging.message.id': outgoing.eventId,
        ...eventAttributes(outgoing.eventId, outgoing.eventType, outgoing.caseref),
      },
    },
    parent,
  );
  span.end();
  const headers = injectTraceContext(trace.setSpan(parent, span));
  if (!caseTrace && active.getValue(CONSUMING) !== true) await recordCaseTrace(manager, outgoing.caseref, headers);
  return headers;
}

/** What a span may say of an event: ids, type and caseref, never its data (domain.md, privacy). */
function eventAttributes(id: string, type: string, caseref: string): Attributes {
  return { 'cloudevents.event_id': id, 'cloudevents.event_type': type, 'casenet.caseref': caseref };
}

async function readCaseTrace(manager: EntityManager, caseref: string): Promise<Context | undefined> {
  const rows = (await manager.query('SELECT traceparent, tracestate FROM case_traces WHERE caseref = $1', [caseref])) as {
    traceparent: string;
    tracestate: string | null;
  }[];
  const row = rows[0];
  if (!row) return undefined;
  const stored = extractTraceContext({ traceparent: row.traceparent, ...(row.tracestate ? { tracestate: row.tracestate } : {}) });
  return trace.getSpanContext(stored) ? stored : undefined;
}

async function recordCaseTrace(manager: EntityManager, caseref: string, headers: Record<string, string>): Promise<void> {
  if (!headers.traceparent) return;
  await manager.query('INSERT INTO case_traces (caseref, traceparent, tracestate) VALUES ($1, $2, $3) ON CONFLICT (caseref) DO NOTHING', [
    caseref,
    headers.traceparent,
    headers.tracestate ?? null,
  ]);
}
