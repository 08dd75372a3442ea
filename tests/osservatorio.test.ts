import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { devToken, FlowSteps, freeSystemPorts, reportFixture, Rng, RunningSystem, schoolAt } from '@casenet/testing';

jest.setTimeout(240_000);

const YEAR = '2024/25';

interface Table {
  key: string;
  threshold: number;
  rows: string[];
  columns: string[];
  cells: Record<string, Record<string, number | null>>;
  total: Record<string, number | null>;
}

/** The hidden cells as an analyst sees them: nulls (the reasons stay with the service, ADR 0023). */
const hiddenCells = (table: Table) =>
  table.rows.flatMap((row) => table.columns.filter((column) => table.cells[row]?.[column] === null).map((column) => ({ row, column })));

/** What the caseworkers did to each report: the truth every published cell must agree with. */
interface Truth {
  municipio: number;
  level: 'primaria' | 'secondaria_ii';
  columns: string[];
}

/**
 * The Osservatorio on the running services: reports filed by schools and driven by caseworkers
 * through screening, police and care, then read as an analyst would, through the API only.
 */
describe('Osservatorio: anonymised tables of the live read model', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  const rng = new Rng(20250915);
  const truth: Truth[] = [];
  const analyst = () => system.client('municipality', ['analyst']);

  async function file(municipio: number, level: Truth['level'], statistics: object): Promise<{ id: string; caseref: string }> {
    const fixture = reportFixture(rng, { school: schoolAt(rng, level) });
    const report = await flow.file({ ...fixture, residence: { ...fixture.residence, municipio }, ...statistics } as typeof fixture);
    await flow.caseAt(report.caseref, 'screening');
    return report;
  }

  /** Forwarded, verified absent, taken in charge, back in class: one report down the whole funnel. */
  async function wholeWay(municipio: number): Promise<void> {
    const report = await file(municipio, 'primaria', { schoolYear: YEAR, citizenship: 'italian' });
    await flow.act(report.caseref, '/screening/cases/:caseref/forward');
    await flow.policeVerifies(report.caseref, 'confirmed_absent');
    await flow.caseAt(report.caseref, 'verified');
    await flow.act(report.caseref, '/cases/:caseref/take-in-charge', { programmes: ['tutoring_educativo'], educator: 'Educatrice M. Bianchi' });
    await flow.act(report.caseref, '/cases/:caseref/returned-to-class');
    truth.push({
      municipio,
      level: 'primaria',
      columns: ['reported', 'forwarded_police', 'verified_confirmed_absent', 'taken_in_charge', 'programme_tutoring_educativo', 'returned_to_class'],
    });
  }

  async function closedAtScreening(municipio: number): Promise<void> {
    const report = await file(municipio, 'secondaria_ii', { schoolYear: YEAR, citizenship: 'non_italian', track: 'tecnico' });
    await flow.act(report.caseref, '/screening/cases/:caseref/close', { reason: 'immediate_return' });
    await flow.caseAt(report.caseref, 'closed');
    truth.push({ municipio, level: 'secondaria_ii', columns: ['reported', 'closed_immediate_return'] });
  }

  const tables = async (): Promise<Table[]> => {
    const response = await analyst().get<Table[]>(`/osservatorio/tables?schoolYear=${encodeURIComponent(YEAR)}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  const byKey = (all: Table[], key: string) => all.find((t) => t.key === key)!;
  /** A column total is the true count, or withheld (null) when it is small or would give a small one away. */
  const expectTotal = (table: Table, column: string, count: number) => expect([count, null]).toContain(table.total[column]);

  /** Every published cell is the true count and never a small one (zero included); published totals are true. */
  function expectTruthful(table: Table, rowOf: (t: Truth) => string): void {
    expect(table).not.toHaveProperty('suppressed');
    for (const row of table.rows) {
      for (const column of table.columns) {
        const value = table.cells[row]?.[column];
        const actual = truth.filter((t) => rowOf(t) === row && t.columns.includes(column)).length;
        if (value !== null) expect({ row, column, value, small: actual < table.threshold }).toEqual({ row, column, value: actual, small: false });
      }
    }
    for (const column of table.columns) {
      const total = table.total[column];
      if (total !== null) expect({ column, total }).toEqual({ column, total: truth.filter((t) => t.columns.includes(column)).length });
    }
  }

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_osserv_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    for (let i = 0; i < 6; i++) await wholeWay(3);
    for (let i = 0; i < 6; i++) await wholeWay(8);
    for (let i = 0; i < 2; i++) await closedAtScreening(5);
    for (let i = 0; i < 5; i++) await closedAtScreening(6);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('publishes the funnel as the caseworkers drove it, small cells suppressed', async () => {
    const all = await tables();
    expect(all.map((t) => t.key)).toEqual([
      'funnel.by-level',
      'funnel.by-track',
      'funnel.by-municipio',
      'funnel.by-citizenship',
      'funnel.by-kind',
      'care.by-municipio',
      'referrals.by-agency',
      'deadlines.by-kind',
    ]);
    const municipio = byKey(all, 'funnel.by-municipio');
    expect(municipio.threshold).toBe(5);
    expect(municipio.rows).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', 'unknown']);
    expect(municipio.total.reported).toBe(19);
    // The other totals are true or withheld (a total that would give a small one away goes too).
    expectTotal(municipio, 'forwarded_police', 12);
    expectTotal(municipio, 'closed_immediate_return', 7);
    expectTotal(municipio, 'returned_to_class', 12);
    // A total under the threshold, zero included, withholds its column in every table.
    expect(municipio.total.closed_clerical_error).toBeNull();
    expect(Object.values(municipio.cells).every((row) => row.closed_clerical_error === null)).toBe(true);
    // Two reports in municipio 5: below the threshold.
    expect(municipio.cells['5']?.reported).toBeNull();
    // Remembered for later releases, its reason kept by the service only.
    const remembered5 = await system.query<{ n: number }>(
      'municipality',
      `SELECT count(*)::int AS n FROM osservatorio_suppressions WHERE school_year = $1 AND table_key = 'funnel.by-municipio' AND row_key = '5' AND column_key = 'reported'`,
      [YEAR],
    );
    expect(remembered5[0]?.n).toBe(1);
    expectTruthful(municipio, (t) => String(t.municipio));
    expectTruthful(byKey(all, 'funnel.by-level'), (t) => t.level);
    expectTruthful(byKey(all, 'funnel.by-track'), (t) => (t.level === 'secondaria_ii' ? 'tecnico' : 'primaria'));

    const referrals = byKey(all, 'referrals.by-agency');
    expectTotal(referrals, 'requested', 12);
    expectTotal(referrals, 'completed', 12);
    const deadlines = byKey(all, 'deadlines.by-kind');
    expectTotal(deadlines, 'scheduled', 12);
    expectTotal(deadlines, 'met', 12);
    expect(deadlines.total.breached).toBeNull();
    const care = byKey(all, 'care.by-municipio');
    expect(care.total.cases).toBe(19);
    expectTotal(care, 'in_care', 12);

    const years = await analyst().get<{ years: string[] }>('/osservatorio/years');
    expect(years.status).toBe(200);
    expect(years.body.years).toContain(YEAR);
  });

  it('exports one table as JSON, and as CSV by Accept or format, suppressed cells written c', async () => {
    const path = `/osservatorio/tables/funnel.by-municipio?schoolYear=${encodeURIComponent(YEAR)}`;
    const json = await analyst().get<Table>(path);
    expect(json.status).toBe(200);
    expect(json.body.key).toBe('funnel.by-municipio');

    const token = await devToken('municipality', ['analyst']);
    const base = system.client('municipality').baseUrl;
    for (const [url, accept] of [
      [`${base}${path}&format=csv`, 'application/json'],
      [`${base}${path}`, 'text/csv'],
    ] as const) {
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="osservatorio-funnel\.by-municipio-2024-25\.csv"/);
      const lines = (await response.text()).trim().split(/\r?\n/);
      expect(lines[0]).toContain('reported');
      const five = lines.find((line) => line.startsWith('5,'));
      expect(five?.split(',')[1]).toBe('c');
    }
  });

  it('answers 400 for a malformed school year and 404 for an unknown table', async () => {
    for (const year of ['2024-25', '2024/26', '24/25', '']) {
      const response = await analyst().get<{ status: number }>(`/osservatorio/tables?schoolYear=${encodeURIComponent(year)}`);
      expect(response.status).toBe(400);
    }
    expect((await analyst().get('/osservatorio/tables')).status).toBe(400);
    const unknown = await analyst().get<{ status: number; detail: string }>(`/osservatorio/tables/funnel.by-shoe-size?schoolYear=${encodeURIComponent(YEAR)}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('funnel.by-shoe-size');
  });

  it('refuses the analyst every case route, and lets auditors and supervisors read the Osservatorio', async () => {
    for (const path of ['/cases', '/screening/queue', '/referrals', '/mandates', '/signals', '/investigations', '/programmes', '/access-log']) {
      expect({ path, status: (await analyst().get(path)).status }).toEqual({ path, status: 403 });
    }
    for (const role of ['auditor', 'supervisor']) {
      expect((await system.client('municipality', [role]).get('/osservatorio/years')).status).toBe(200);
    }
    expect((await system.client('municipality', ['caseworker']).get('/osservatorio/years')).status).toBe(403);
  });

  it('keeps every earlier suppression after one more report, and two concurrent exports agree', async () => {
    const before = await tables();
    const remembered = await system.query<{ n: number }>('municipality', `SELECT count(*)::int AS n FROM osservatorio_suppressions WHERE school_year = $1`, [
      YEAR,
    ]);
    expect(remembered[0]!.n).toBe(before.reduce((n, t) => n + hiddenCells(t).length, 0));

    await closedAtScreening(5);
    const [after, again] = await Promise.all([tables(), tables()]);
    for (const table of before) {
      const later = byKey(after, table.key);
      for (const cell of hiddenCells(table)) expect({ table: table.key, ...cell, value: later.cells[cell.row]?.[cell.column] }).toMatchObject({ value: null });
      expect(hiddenCells(byKey(again, table.key))).toEqual(hiddenCells(later));
    }
    expect(byKey(after, 'funnel.by-municipio').total.reported).toBe(20);
    expectTruthful(byKey(after, 'funnel.by-municipio'), (t) => String(t.municipio));
  });
});
