import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import { ROLES } from '@casenet/auth';
import { devToken, freeSystemPorts, RunningSystem } from '@casenet/testing';

jest.setTimeout(180_000);

type Who = 'public' | readonly string[];
const READ = ['caseworker', 'supervisor', 'auditor'] as const;
const ACT = ['caseworker', 'supervisor'] as const;
const SUPERVISE = ['supervisor'] as const;
const AUDIT = ['supervisor', 'auditor'] as const;
const METRICS = ['auditor'] as const;

/**
 * Who may call what, written here from the requirements, independently of the decorators in the
 * code: auditors read and never write, supervisors alone reassign, integration systems file
 * reports and drug events and read report statuses. Every route in every OpenAPI document must
 * appear here, so a new route cannot slip through untested.
 */
const EXPECTED: Record<Agency, Record<string, Who>> = {
  schools: {
    'GET /health': 'public',
    'GET /metrics': METRICS,
    'GET /access-log': AUDIT,
    'POST /reports': [...ACT, 'integration'],
    'GET /reports': [...READ, 'integration'],
    'GET /reports/{id}': [...READ, 'integration'],
  },
  municipality: {
    'GET /health': 'public',
    'GET /metrics': METRICS,
    'GET /access-log': AUDIT,
    'GET /cases': READ,
    'GET /cases/{caseref}': READ,
    'POST /cases/{caseref}/assignment': SUPERVISE,
    'POST /cases/{caseref}/take-in-charge': ACT,
    'POST /cases/{caseref}/returned-to-class': ACT,
    'POST /cases/{caseref}/close': ACT,
    'GET /screening/queue': READ,
    'POST /screening/cases/{caseref}/forward': ACT,
    'POST /screening/cases/{caseref}/close': ACT,
    'GET /referrals': READ,
    'POST /cases/{caseref}/referrals': ACT,
    'POST /cases/{caseref}/referrals/{referralId}/withdraw': ACT,
    'GET /mandates': READ,
    'GET /mandates/{orderId}': READ,
    'POST /mandates/{orderId}/acknowledge': ACT,
    'POST /mandates/{orderId}/report': ACT,
  },
  police: {
    'GET /health': 'public',
    'GET /metrics': METRICS,
    'GET /access-log': AUDIT,
    'GET /verifications': READ,
    'GET /verifications/{id}': READ,
    'POST /verifications/{id}/outcome': ACT,
    'POST /drug-events': [...ACT, 'integration'],
  },
  health: {
    'GET /health': 'public',
    'GET /metrics': METRICS,
    'GET /access-log': AUDIT,
    'GET /referrals': READ,
    'GET /referrals/{id}': READ,
    'POST /referrals/{id}/accept': ACT,
    'POST /referrals/{id}/decline': ACT,
    'POST /referrals/{id}/start': ACT,
    'POST /referrals/{id}/complete': ACT,
    'POST /referrals/{id}/assignment': SUPERVISE,
  },
  court: {
    'GET /health': 'public',
    'GET /metrics': METRICS,
    'GET /access-log': AUDIT,
    'GET /proceedings': READ,
    'GET /proceedings/{id}': READ,
    'POST /proceedings/{id}/register': ACT,
    'POST /proceedings/{id}/decline': ACT,
    'POST /proceedings/{id}/hearing': ACT,
    'POST /proceedings/{id}/orders': ACT,
    'POST /proceedings/{id}/assignment': SUPERVISE,
    'GET /orders': READ,
    'GET /orders/{id}': READ,
  },
};

/** Path parameters of the right shape for an unknown record: an allowed caller gets 404 or 400, never 401/403. */
const PARAMS: Record<string, string> = {
  id: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  referralId: '0b5a7f5e-2f4d-4e8a-9b1c-3d2e1f0a9b8c',
  orderId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  caseref: 'CR-0000000000000000000000000000UNKN',
};

describe('authorisation matrix: every route × every role × every agency’s token', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_authz_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('lets exactly the allowed combinations through', async () => {
    const identities: { label: string; agency?: Agency; role?: string; token: string | null }[] = [{ label: 'no token', token: null }];
    for (const agency of AGENCIES) {
      for (const role of ROLES) identities.push({ label: `${agency}/${role}`, agency, role, token: await devToken(agency, [role]) });
    }
    identities.push({ label: 'expired', token: await devToken('schools', ['supervisor'], { expiresIn: '-1m' }) });
    identities.push({ label: 'foreign issuer', token: await devToken('schools', ['supervisor'], { issuer: 'urn:someone-else' }) });

    let tried = 0;
    let allowed = 0;
    const wrong: string[] = [];
    for (const service of AGENCIES) {
      const document = (await system.client(service).request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/openapi.json', undefined, null)).body;
      const routes = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
      expect(routes.sort()).toEqual(Object.keys(EXPECTED[service]).sort());
      for (const route of routes) {
        const [method, template] = route.split(' ') as [string, string];
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'x');
        const who = EXPECTED[service][route] as Who;
        for (const identity of identities) {
          const response = await system.client(service).request(method, path, method === 'POST' ? {} : undefined, identity.token);
          const passed = response.status !== 401 && response.status !== 403;
          const expected = who === 'public' || (identity.agency === service && identity.role !== undefined && who.includes(identity.role));
          tried += 1;
          if (passed) allowed += 1;
          if (passed !== expected || response.status >= 500) wrong.push(`${service} ${route} as ${identity.label}: ${response.status}`);
        }
      }
    }
    process.stdout.write(`authorisation matrix: ${tried} combinations tried, ${allowed} allowed, ${tried - allowed} refused\n`);
    expect(wrong).toEqual([]);
    expect(allowed).toBeGreaterThan(0);
    expect(tried - allowed).toBeGreaterThan(allowed); // most combinations must be refused
  });
});
