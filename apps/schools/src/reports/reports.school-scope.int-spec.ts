import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import fc from 'fast-check';
import type { SchoolLevel } from '@casenet/contracts';
import { FIXTURE_SCHOOL_CODES, InProcessService, type ReportFixture, reportFixture, Rng } from '@casenet/testing';
import { schoolsApp } from '../schools.app.js';

jest.setTimeout(300_000);

interface Filed {
  id: string;
  caseref: string;
  school: string;
  taxCode: string;
  lastName: string;
}

interface View {
  id: string;
  caseref: string;
  school: { code: string };
  pupil: { taxCode: string } | null;
  history?: unknown[];
}

const LEVELS: readonly SchoolLevel[] = ['primaria', 'secondaria_i', 'secondaria_ii', 'cfp'];
/** Codes no other spec files for, so what a token may see is exactly what this property filed. */
const schoolCode = fc
  .tuple(fc.stringMatching(/^[A-Z]{2}$/), fc.stringMatching(/^[A-Z0-9]{8}$/))
  .map(([province, rest]) => `${province}${rest}`)
  .filter((code) => !FIXTURE_SCHOOL_CODES.includes(code));

/**
 * Each school is its own data controller. For random schools, random reports filed by each
 * school's own system and random tokens naming random sets of schools (some with no reports,
 * some naming several), no token lists, opens or follows (status history, access log) a report
 * outside its codes, pupil identity included, and none files for a school it does not name.
 */
describe('schools: a token sees and files only its own schools’ reports (generated)', () => {
  let service: InProcessService;
  const filed: Filed[] = [];
  const checked = { lists: 0, opened: 0, hidden: 0, refusedFilings: 0, accessLogs: 0 };

  beforeAll(async () => {
    service = await InProcessService.start(schoolsApp, `t_int_school_scope_${process.pid}`);
  });

  afterAll(async () => {
    process.stdout.write(`school scope: ${filed.length} reports filed; ${JSON.stringify(checked)}\n`);
    await service?.stop();
  });

  it('holds for every generated set of schools, reports and tokens', async () => {
    const scenario = fc.record({
      schools: fc.uniqueArray(schoolCode, { minLength: 2, maxLength: 5 }),
      reports: fc.array(fc.record({ school: fc.nat(), level: fc.constantFrom(...LEVELS), seed: fc.nat() }), { minLength: 1, maxLength: 6 }),
      tokens: fc.array(
        fc.record({
          // Indexes into this run's schools, plus codes that name no school at all.
          schools: fc.uniqueArray(fc.nat({ max: 4 }), { minLength: 0, maxLength: 3 }),
          strangers: fc.uniqueArray(schoolCode, { maxLength: 1 }),
          role: fc.constantFrom('caseworker', 'supervisor', 'auditor', 'integration'),
        }),
        { minLength: 1, maxLength: 4 },
      ),
    });

    await fc.assert(
      fc.asyncProperty(scenario, async ({ schools, reports, tokens }) => {
        // Each report is filed by its own school's system.
        for (const report of reports) {
          const school = schools[report.school % schools.length] as string;
          const fixture: ReportFixture = reportFixture(new Rng(report.seed + 1), { school: { code: school, name: `Scuola ${school}`, level: report.level } });
          const response = await service.client(['integration'], [school]).post<View>('/reports', fixture);
          expect(response.status).toBe(201);
          filed.push({ id: response.body.id, caseref: response.body.caseref, school, taxCode: fixture.pupil.taxCode, lastName: fixture.pupil.lastName });
        }

        for (const token of tokens) {
          const codes = [...new Set(token.schools.map((i) => schools[i % schools.length] as string)), ...token.strangers];
          if (codes.length === 0) continue; // a token naming no school is the authorisation matrix's case
          const client = service.client([token.role], codes);
          const mine = filed.filter((r) => codes.includes(r.school));
          // Generated fixtures may report the same pupil at two schools: a pupil of one's own reports is one's own to see.
          const ownPupils = new Set(mine.map((r) => r.taxCode));
          const theirs = filed.filter((r) => !codes.includes(r.school) && !ownPupils.has(r.taxCode));

          // The list, paged small so a filter applied after paging would show.
          const seen: View[] = [];
          for (let offset = 0; ; offset += 4) {
            const page = await client.get<{ items: View[]; total: number }>(`/reports?limit=4&offset=${offset}`);
            expect(page.status).toBe(200);
            expect(page.body.total).toBe(mine.length);
            seen.push(...page.body.items);
            if (page.body.items.length < 4) break;
          }
          expect(seen.map((v) => v.id).sort()).toEqual(mine.map((r) => r.id).sort());
          for (const view of seen) expect(codes).toContain(view.school.code);
          const listed = JSON.stringify(seen);
          for (const other of theirs) {
            expect(listed).not.toContain(other.taxCode);
            expect(listed).not.toContain(other.caseref);
          }
          checked.lists += 1;

          // One report each side: its own opens with its status history; another school's is not found.
          const own = mine[mine.length - 1];
          if (own) {
            const response = await client.get<View>(`/reports/${own.id}`);
            expect(response.status).toBe(200);
            expect(response.body.pupil?.taxCode).toBe(own.taxCode);
            expect(Array.isArray(response.body.history)).toBe(true);
            checked.opened += 1;
          }
          for (const other of theirs.slice(-2)) {
            const response = await client.get<View>(`/reports/${other.id}`);
            expect(response.status).toBe(404);
            const body = JSON.stringify(response.body);
            for (const secret of [other.taxCode, other.caseref, other.school, other.lastName]) expect(body).not.toContain(secret);
            checked.hidden += 1;
          }

          // Filing for a school the token does not name: refused at school.code, nothing stored.
          const outsider = schools.find((s) => !codes.includes(s));
          if (outsider && token.role !== 'auditor') {
            const before = await service.query<{ n: number }>('SELECT count(*)::int AS n FROM reports');
            const response = await client.post<{ message: string[] }>(
              '/reports',
              reportFixture(new Rng(7), { school: { code: outsider, name: 'Altra scuola', level: 'primaria' } }),
            );
            expect(response.status).toBe(403);
            expect(JSON.stringify(response.body)).toMatch(/school\.code/);
            expect(await service.query<{ n: number }>('SELECT count(*)::int AS n FROM reports')).toEqual(before);
            checked.refusedFilings += 1;
          }

          // Who read what is the school's too: its supervisors see reads of its own cases only.
          const log = await service.client(['supervisor'], codes).get<{ items: { caseref: string }[] }>('/access-log?limit=200');
          expect(log.status).toBe(200);
          const ownCaserefs = new Set(mine.map((r) => r.caseref));
          for (const entry of log.body.items) expect(ownCaserefs.has(entry.caseref)).toBe(true);
          checked.accessLogs += 1;
        }
      }),
      { numRuns: 12 },
    );
    expect(checked.hidden).toBeGreaterThan(0);
    expect(checked.refusedFilings).toBeGreaterThan(0);
  });
});
