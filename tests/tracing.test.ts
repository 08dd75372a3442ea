import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import {
  AgencyClient,
  eventually,
  FlowSteps,
  freePorts,
  freeSystemPorts,
  ReferralSteps,
  reportFixture,
  Rng,
  RunningSystem,
  type ServiceProcess,
} from '@casenet/testing';
import { createServer, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';

jest.setTimeout(300_000);

/** One span as the OTLP/HTTP JSON exporter sends it, with the service.name of its resource. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  start: bigint;
  attributes: Record<string, unknown>;
  links: { traceId: string; spanId: string }[];
}

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans: {
    resource: { attributes: OtlpAttribute[] };
    scopeSpans: {
      spans: {
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        kind: number;
        startTimeUnixNano: string;
        attributes?: OtlpAttribute[];
        links?: { traceId: string; spanId: string }[];
      }[];
    }[];
  }[];
}

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

/** The collector: an OTLP/HTTP receiver in the test process, keeping every body as it came. */
class OtlpReceiver {
  readonly bodies: string[] = [];
  readonly spans: ExportedSpan[] = [];
  private server?: Server;

  async start(port: number): Promise<void> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const text = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
        if (request.url === '/v1/traces') this.receive(text);
        response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private receive(text: string): void {
    this.bodies.push(text);
    const body = JSON.parse(text) as OtlpExport;
    for (const resourceSpans of body.resourceSpans) {
      const service = String(valueOf(resourceSpans.resource.attributes.find((a) => a.key === 'service.name')?.value));
      for (const scope of resourceSpans.scopeSpans) {
        for (const span of scope.spans) {
          this.spans.push({
            service,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            start: BigInt(span.startTimeUnixNano),
            attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, valueOf(a.value)])),
            links: span.links ?? [],
          });
        }
      }
    }
  }
}

function valueOf(value: OtlpValue | undefined): unknown {
  return value?.stringValue ?? value?.intValue ?? value?.boolValue ?? value?.doubleValue;
}

/**
 * ADR 0027 across the five service processes: one report, filed at a school, forwarded to police,
 * referred to ATS and the prosecutor, is one trace holding spans of every agency it reached, from
 * the school's HTTP request through each outbox, Kafka hop and inbox to the database; the later
 * caseworkers' actions join it, linked to their own requests. No span carries personal data.
 * With tracing off (the default) a service exports nothing and writes no trace context.
 */
describe('one trace across the agencies', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const receiver = new OtlpReceiver();
  const rng = new Rng(20_270_027);
  const fixture = reportFixture(rng, { concerns: ['substance_use', 'harm_to_child'], notes: 'Riferisce di dormire poco; fratello maggiore assente.' });
  let caseref: string;

  beforeAll(async () => {
    const [collectorPort] = (await freePorts(1)) as [number];
    await receiver.start(collectorPort);
    system = await RunningSystem.start({
      namespace: `t_tracing_${process.pid}`,
      ports: await freeSystemPorts(),
      dropDatabasesOnStop: true,
      env: {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${collectorPort}`,
        OTEL_BSP_SCHEDULE_DELAY: '200',
      },
    });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
    await receiver.stop();
  });

  const inTrace = (traceId: string) => receiver.spans.filter((s) => s.traceId === traceId);
  const byId = (spanId: string | undefined) => receiver.spans.find((s) => s.spanId === spanId);
  /** The span and its ancestors, up to its trace's root, as far as they were exported. */
  function ancestry(span: ExportedSpan): ExportedSpan[] {
    const chain = [span];
    for (let parent = byId(span.parentSpanId); parent; parent = byId(parent.parentSpanId)) chain.push(parent);
    return chain;
  }

  it("holds one report's spans from every agency it reached, in causal order", async () => {
    const report = await flow.file(fixture);
    caseref = report.caseref;
    await flow.caseAt(caseref, 'screening');
    await flow.act(caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(caseref, 'confirmed_absent');
    await flow.caseAt(caseref, 'verified');
    await flow.act(caseref, '/cases/:caseref/take-in-charge', { programme: 'tutoring_educativo', educator: 'Educatore di turno' });
    await web.refer(caseref, { agency: 'health', concern: 'substance_use', notes: 'Uso di cannabinoidi riferito dal minore.' });
    await web.refer(caseref, { agency: 'court', grounds: 'harm_to_child', notes: 'Segnalazione di pregiudizio della scuola.' });
    await web.health(await web.received('health', caseref), 'accept');
    await web.prosecutor(await web.received('court', caseref), 'accept');
    await web.referralAt(caseref, 'health', 'accepted');
    await web.referralAt(caseref, 'court', 'accepted');

    // The school's first event starts the case's trace, under the request that filed the report.
    const opening = await eventually(
      async () => receiver.spans.find((s) => s.service === 'schools' && s.kind === PRODUCER && s.attributes['casenet.caseref'] === caseref),
      'the school to export the producer span of its report',
    );
    // The trace's root is the school's HTTP server span (route handlers' spans may sit between).
    const filing = ancestry(opening).at(-1) as ExportedSpan;
    expect(filing).toMatchObject({ service: 'schools', kind: SERVER, traceId: opening.traceId });
    expect(filing.name).toMatch(/^POST/);
    const traceId = opening.traceId;

    // Each agency's consumer span hangs under the producer that sent its event, in that trace.
    const consumerAt = (agency: Agency) =>
      inTrace(traceId).find(
        (s) =>
          s.service === agency &&
          s.kind === CONSUMER &&
          s.attributes['casenet.caseref'] === caseref &&
          (agency === 'municipality' ? s.parentSpanId === opening.spanId : byId(s.parentSpanId)),
      );
    const consumers = await eventually(async () => {
      const found = AGENCIES.filter((a) => a !== 'schools').map((agency) => consumerAt(agency));
      return found.every(Boolean) ? (found as ExportedSpan[]) : undefined;
    }, 'a consumer span of the case at every receiving agency, in the trace of the report');
    expect(new Set(inTrace(traceId).map((s) => s.service))).toEqual(new Set(AGENCIES));

    for (const consumer of consumers) {
      const chain = ancestry(consumer);
      // Back to the school's request: consumer ← producer ← … ← the school's producer ← POST /reports.
      expect(chain.at(-1)).toBe(filing);
      expect(chain).toContain(opening);
      const producer = chain[1] as ExportedSpan;
      expect(producer.kind).toBe(PRODUCER);
      expect(producer.attributes['messaging.destination.name']).toBe(`${consumer.service}.inbox.v1`);
      for (let i = 0; i + 1 < chain.length; i += 1) expect((chain[i] as ExportedSpan).start >= (chain[i + 1] as ExportedSpan).start).toBe(true);
    }
    const [atMunicipality, atPolice, atHealth, atCourt] = consumers as [ExportedSpan, ExportedSpan, ExportedSpan, ExportedSpan];
    expect(byId(atMunicipality.parentSpanId)).toBe(opening);
    expect(ancestry(atPolice)).toContain(atMunicipality);
    expect(ancestry(atHealth)).toContain(atMunicipality);
    expect(ancestry(atCourt)).toContain(atMunicipality);

    // A caseworker's action is a request of its own: its producer span joins the case's trace and
    // links back to that request's span (in the request's own trace), so neither is lost.
    for (const consumer of [atPolice, atHealth, atCourt]) {
      const producer = byId(consumer.parentSpanId) as ExportedSpan;
      expect(producer.service).toBe('municipality');
      expect(producer.links).toHaveLength(1);
      const linked = await eventually(async () => byId(producer.links[0]?.spanId), 'the span of the request a link names');
      expect(linked.traceId).not.toBe(traceId);
      expect(ancestry(linked).at(-1)).toMatchObject({ service: 'municipality', kind: SERVER, traceId: linked.traceId });
    }
    // And the other way: the ATS's and the prosecutor's acceptances reach the municipality in the same trace.
    for (const agency of ['health', 'court'] as const) {
      const back = await eventually(
        async () => inTrace(traceId).find((s) => s.service === 'municipality' && s.kind === CONSUMER && byId(s.parentSpanId)?.service === agency),
        `the municipality consuming ${agency}'s answer in the report's trace`,
      );
      expect(byId(back.parentSpanId)?.links).toHaveLength(1);
    }

    // Down to the database: the inbox transaction's statements are spans under the consumer span.
    const statements = await eventually(async () => {
      const found = inTrace(traceId).filter((s) => s.service === 'municipality' && s.attributes['db.system.name'] === 'postgresql');
      return found.some((s) => ancestry(s).includes(atMunicipality) && /INSERT INTO inbox/.test(String(s.attributes['db.query.text']))) ? found : undefined;
    }, 'the inbox insert at the municipality as a database span of the consumer');
    expect(statements.length).toBeGreaterThan(1);
    expect(inTrace(traceId).some((s) => s.service === 'schools' && /INSERT INTO outbox/.test(String(s.attributes['db.query.text'])))).toBe(true);
  });

  it('exports no personal data: no tax code, name, birth date, address or note in any span', async () => {
    // What caseworkers and the school typed about the child, whatever the span it could have landed in.
    const personal = [
      fixture.pupil.taxCode,
      fixture.pupil.firstName,
      fixture.pupil.lastName,
      fixture.pupil.birthDate,
      fixture.residence.address,
      fixture.notes ?? '',
      'Visited twice',
      'Educatore di turno',
      'cannabinoidi',
      'pregiudizio',
    ].filter((value) => value.length > 0);
    const exported = receiver.bodies.join('\n');
    expect(exported).toContain(caseref); // the exported data is the right data
    for (const value of personal) expect({ value, found: exported.includes(value) }).toEqual({ value, found: false });
    // Statement values are never recorded, only statement texts with their placeholders.
    expect(receiver.spans.filter((s) => 'db.query.parameter.0' in s.attributes || 'db.statement.values' in s.attributes)).toEqual([]);
  });

  it('with tracing off (the default), a service works as before, exports nothing and writes no trace context', async () => {
    // Police again, as a process with the OpenTelemetry settings unset (an empty variable is unset).
    const police = system.services.police;
    await police.stop();
    const [port] = (await freePorts(1)) as [number];
    const untraced: ServiceProcess = police.replica(port, `${police.logFile}.untraced`, { OTEL_TRACES_EXPORTER: '', OTEL_EXPORTER_OTLP_ENDPOINT: '' });
    untraced.start();
    try {
      await untraced.waitHealthy();
      const exportedBefore = receiver.spans.filter((s) => s.service === 'police').length;
      const second = await flow.file(reportFixture(rng));
      await flow.caseAt(second.caseref, 'screening');
      await flow.act(second.caseref, '/screening/cases/:caseref/forward');
      const request = await eventually(
        async () => (await system.query<{ id: string }>('police', 'SELECT id FROM verification_requests WHERE caseref = $1', [second.caseref]))[0],
        'the untraced police to receive the verification request',
      );
      const outcome = await new AgencyClient('police', untraced.baseUrl).post(`/verifications/${request.id}/outcome`, {
        outcome: 'confirmed_absent',
        note: 'Nessuno in casa.',
      });
      expect(outcome.status).toBe(200);
      await flow.caseAt(second.caseref, 'verified');
      // The municipality still traces: its consumer span for police's answer starts a trace of its own.
      await eventually(
        async () =>
          receiver.spans.find(
            (s) => s.service === 'municipality' && s.kind === CONSUMER && s.attributes['casenet.caseref'] === second.caseref && !s.parentSpanId,
          ),
        "the municipality's consumer span of the untraced answer, with no parent",
      );
      expect(receiver.spans.filter((s) => s.service === 'police').length).toBe(exportedBefore);
      const headers = await system.query<{ headers: Record<string, string> }>('police', 'SELECT headers FROM outbox WHERE message_key = $1', [second.caseref]);
      expect(headers.map((h) => h.headers)).toEqual([{ 'content-type': 'application/cloudevents+json' }]);
      expect(await system.count('police', 'SELECT count(*)::int AS n FROM case_traces WHERE caseref = $1', [second.caseref])).toBe(0);
    } finally {
      await untraced.stop();
      police.start();
      await police.waitHealthy();
    }
  });
});
