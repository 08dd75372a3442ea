import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES, type Agency, DRUG_EVENT_KINDS, HEALTH_CONCERNS, REPORT_CONCERNS } from '@casenet/contracts';
import { childPseudonyms } from '@casenet/privacy';
import {
  DEV_PSEUDONYM_SECRETS,
  eventually,
  FlowSteps,
  freeSystemPorts,
  ReferralSteps,
  reportFixture,
  type ReportFixture,
  Rng,
  RunningSystem,
} from '@casenet/testing';
import fc from 'fast-check';
import pg from 'pg';

jest.setTimeout(900_000);

/** One child as the generator made it: what was said about it, and every reference that names its records. */
interface Child {
  fixture: ReportFixture;
  concerns: string[];
  drug?: { kind: string; municipio: number };
  healthConcern?: string;
  courtGrounds?: string;
  refs: Set<string>;
  caseref: string;
  reportId: string;
  /** Values about the child that must be unreadable once it is erased (categories included). */
  values: string[];
}

interface Plan {
  concerns: string[];
  drug?: { kind: string; municipio: number };
  health: boolean;
  court: boolean;
}

const plan: fc.Arbitrary<Plan> = fc.record({
  concerns: fc.subarray([...REPORT_CONCERNS]),
  drug: fc.option(fc.record({ kind: fc.constantFrom(...DRUG_EVENT_KINDS), municipio: fc.integer({ min: 1, max: 9 }) }), { nil: undefined }),
  health: fc.boolean(),
  court: fc.boolean(),
});

/**
 * Erasure covers category data too: concerns, referral reasons, grounds, drug-event kinds and
 * places are facts about a child under its pseudonym. Generated children go through random
 * paths; a random subset is erased; then every text, JSON and byte column of every table of
 * every database (found from the catalogue, not from a list) and every API answer about the
 * erased children is searched for any of their values, and the others must still read whole.
 */
describe('erasure reaches category data in every database and answer', () => {
  let system: RunningSystem;
  let flow: FlowSteps;
  let web: ReferralSteps;
  const rng = new Rng(1010);

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_erasure_cat_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
    flow = new FlowSteps(system);
    web = new ReferralSteps(system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  async function make(p: Plan): Promise<Child> {
    const fixture = reportFixture(rng, { concerns: p.concerns });
    const report = await flow.file(fixture);
    await flow.caseAt(report.caseref, 'screening');
    // Every agency's pseudonym of the child names its records there (ADR 0019).
    const pseudonyms = Object.values(childPseudonyms(DEV_PSEUDONYM_SECRETS, fixture.pupil.taxCode)) as string[];
    const child: Child = {
      fixture,
      concerns: p.concerns,
      refs: new Set([...pseudonyms, report.id, report.caseref]),
      caseref: report.caseref,
      reportId: report.id,
      values: [
        ...p.concerns,
        fixture.pupil.taxCode,
        fixture.pupil.lastName,
        ...(fixture.residence.address ? [fixture.residence.address] : []),
        fixture.category,
        fixture.school.code,
        fixture.school.name,
      ],
    };
    if (p.drug) {
      const recorded = await system.client('police').post<{ id: string; caseref: string }>('/drug-events', {
        pupil: fixture.pupil,
        kind: p.drug.kind,
        municipio: p.drug.municipio,
        occurredAt: '2026-11-20T08:15:00Z',
      });
      expect(recorded.status).toBe(201);
      child.drug = p.drug;
      child.refs.add(recorded.body.id).add(recorded.body.caseref);
      child.values.push(p.drug.kind);
      await eventually(async () => ((await web.case(report.caseref)).drugSignals.length === 1 ? true : undefined), 'the drug signal on the case');
    }
    const healthConcerns = p.concerns.filter((c: string) => (HEALTH_CONCERNS as readonly string[]).includes(c));
    if (p.health && (healthConcerns.length > 0 || p.drug)) {
      child.healthConcern = healthConcerns[0] ?? 'substance_use';
      const referral = await web.refer(report.caseref, { agency: 'health', concern: child.healthConcern });
      child.refs.add(referral.referralId);
      child.values.push(child.healthConcern);
      await web.received('health', report.caseref);
    }
    if (p.court && p.concerns.includes('harm_to_child')) {
      child.courtGrounds = 'harm_to_child';
      const referral = await web.refer(report.caseref, { agency: 'court', grounds: child.courtGrounds });
      child.refs.add(referral.referralId);
      child.values.push(child.courtGrounds);
      await web.received('court', report.caseref);
    }
    return child;
  }

  /** A query on an agency's database or the audit archive's. */
  async function query<T>(database: string, sql: string): Promise<T[]> {
    if (database !== 'audit') return system.query<T>(database as Agency, sql);
    const client = new pg.Client({ connectionString: system.auditDatabase.url });
    await client.connect();
    try {
      return (await client.query(sql)).rows as T[];
    } finally {
      await client.end();
    }
  }

  /** Every row of every table of every database, each as the text of its text, JSON and byte columns. */
  async function everyRow(): Promise<{ where: string; text: string }[]> {
    const rows: { where: string; text: string }[] = [];
    for (const agency of [...AGENCIES, 'audit']) {
      const columns = await query<{ table_name: string; column_name: string; data_type: string }>(
        agency,
        `SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND (c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea') OR c.udt_name IN ('_text', '_varchar'))`,
      );
      const byTable = new Map<string, string[]>();
      for (const c of columns) {
        const expression = c.data_type === 'bytea' ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`;
        byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), `coalesce(${expression}, '')`]);
      }
      for (const [table, expressions] of byTable) {
        const found = await query<{ t: string }>(agency, `SELECT concat_ws(' | ', ${expressions.join(', ')}) AS t FROM "${table}"`);
        for (const { t } of found) rows.push({ where: `${agency}.${table}`, text: t });
      }
    }
    return rows;
  }

  /** The answers each agency gives about a child: its own views and list lines. */
  async function answers(child: Child): Promise<string[]> {
    const texts = [
      JSON.stringify((await system.school(child.fixture.school.code).get(`/reports/${child.reportId}`)).body),
      JSON.stringify((await system.client('municipality').get(`/cases/${child.caseref}`)).body),
    ];
    const lists = [
      ['municipality', '/referrals?limit=200'],
      ['health', '/referrals?limit=200'],
      ['court', '/proceedings?limit=200'],
    ] as const;
    for (const [agency, path] of lists) {
      const { items } = (await system.client(agency).get<{ items: object[] }>(path)).body;
      for (const item of items ?? []) {
        const text = JSON.stringify(item);
        if ([...child.refs].some((ref) => text.includes(ref))) texts.push(text);
      }
    }
    for (const { id } of await system.query<{ id: string }>('health', 'SELECT id FROM health_referrals WHERE caseref = $1', [child.caseref])) {
      texts.push(JSON.stringify((await system.client('health').get(`/referrals/${id}`)).body));
    }
    for (const { id } of await system.query<{ id: string }>('court', 'SELECT id FROM proceedings WHERE caseref = $1', [child.caseref])) {
      texts.push(JSON.stringify((await system.client('court').get(`/proceedings/${id}`)).body));
    }
    // A court referral reaches the prosecutor's desk first (ADR 0021): its worklist and file answer too.
    const prosecutor = system.client('court', ['prosecutor']);
    for (const item of (await prosecutor.get<{ items: object[] }>('/prosecutor-files?limit=200')).body.items ?? []) {
      const text = JSON.stringify(item);
      if ([...child.refs].some((ref) => text.includes(ref))) texts.push(text);
    }
    for (const { id } of await system.query<{ id: string }>('court', 'SELECT id FROM prosecutor_files WHERE caseref = $1', [child.caseref])) {
      texts.push(JSON.stringify((await prosecutor.get(`/prosecutor-files/${id}`)).body));
    }
    return texts;
  }

  /**
   * Columns that may still hold a value in a row about an erased child: opaque ids, lifecycle
   * states, actors, deadline and access-log bookkeeping. Anything else (codes, reasons, school,
   * educator, order, history details) must be NULL, an empty JSON object, or sealed/expired.
   */
  const MAY_REMAIN = new Set([
    'id',
    'caseref',
    'report_caseref',
    'subject_key',
    'pseudonym',
    'case_id',
    'report_id',
    'referral_id',
    'proceeding_id',
    'order_id',
    'incident_id',
    'correlation_id',
    'verification_request_id',
    'event_id',
    'ref',
    'state',
    'status',
    'action',
    'agency',
    'kind',
    'actor',
    'filed_by',
    'requested_by',
    'completed_by',
    'recorded_by',
    'assignee',
    'subject',
    'roles',
    'purpose',
    'route',
  ]);
  /**
   * The event log (outbox, inbox, ledger, audit archive) is append-only and signed: what it
   * carries about a child is sealed on the wire except `case`-category codes (see ADR 0018);
   * those tables are still searched for every value of the child, above, but not by column.
   */
  const EVENT_LOG = new Set(['outbox', 'inbox', 'dead_letters', 'ledger', 'archive', 'checkpoints']);
  const SEALED = /^(sealed:v1:|expired:)/;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

  /** Every column value of every row linked to a child (by its refs, then by the ids of those rows), not in the allow-list. */
  async function leftovers(child: Child): Promise<string[]> {
    const found: string[] = [];
    for (const agency of [...AGENCIES, 'audit']) {
      const columns = await query<{ table_name: string; column_name: string }>(
        agency,
        `SELECT c.table_name, c.column_name FROM information_schema.columns c
           JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
          WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
            AND (c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea', 'uuid') OR c.udt_name IN ('_text', '_varchar'))`,
      );
      const tables = [...new Set(columns.map((c) => c.table_name))].filter((t) => !EVENT_LOG.has(t));
      const rows = new Map<string, Record<string, unknown>[]>();
      for (const table of tables) rows.set(table, await query<Record<string, unknown>>(agency, `SELECT * FROM "${table}"`));
      // Rows name the child by its refs; history rows name their parent row by its id.
      const refs = new Set(child.refs);
      for (let round = 0; round < 2; round += 1) {
        for (const [, list] of rows) {
          // Only opaque (uuid) ids: serial ids repeat across tables and would link other children's rows.
          for (const row of list) {
            const linked = Object.values(row).some((v) => typeof v === 'string' && refs.has(v));
            if (linked && typeof row.id === 'string' && UUID.test(row.id)) refs.add(row.id);
          }
        }
      }
      for (const [table, list] of rows) {
        const textual = new Set(columns.filter((c) => c.table_name === table).map((c) => c.column_name));
        for (const row of list) {
          if (!Object.values(row).some((v) => typeof v === 'string' && refs.has(v))) continue;
          for (const [column, value] of Object.entries(row)) {
            if (!textual.has(column) || value === null || MAY_REMAIN.has(column)) continue;
            if (typeof value === 'string' && SEALED.test(value)) continue;
            if (typeof value === 'object' && !Buffer.isBuffer(value) && !Array.isArray(value) && Object.keys(value).length === 0) continue;
            found.push(`${agency}.${table}.${column}=${JSON.stringify(value)}`);
          }
        }
      }
    }
    return found;
  }

  it('leaves no value of an erased child in any column of any table, nor in any answer, and the others whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(plan, { minLength: 2, maxLength: 4 }), fc.infiniteStream(fc.boolean()), async (plans, coin) => {
        const children: Child[] = [];
        for (const p of plans) children.push(await make(p));
        const flips = coin.take(children.length);
        const erased = children.filter(() => flips.next().value === true);
        if (erased.length === 0) erased.push(children[0]!);
        const kept = children.filter((c) => !erased.includes(c));
        for (const child of erased)
          await system.keyVault.vault.eraseAll(Object.values(childPseudonyms(DEV_PSEUDONYM_SECRETS, child.fixture.pupil.taxCode)) as string[]);
        // Services learn of the erasure from the vault and sweep their rows about the child.
        for (const child of erased) {
          const swept = async (): Promise<string[] | undefined> => ((await leftovers(child)).length === 0 ? [] : undefined);
          const left = await eventually(swept, 'the erasure sweep', 20_000).catch(async () => leftovers(child));
          expect(left).toEqual([]);
        }

        const rows = await everyRow();
        for (const child of erased) {
          const own = rows.filter((r) => [...child.refs].some((ref) => r.text.includes(ref)));
          expect(own.length).toBeGreaterThan(0);
          for (const row of own) {
            const leaked = child.values.filter((v) => row.text.includes(v));
            expect({ where: row.where, leaked }).toEqual({ where: row.where, leaked: [] });
          }
          for (const text of await answers(child)) {
            const leaked = child.values.filter((v) => text.includes(v));
            expect(leaked).toEqual([]);
          }
        }

        // Everyone else reads whole, category values included.
        for (const child of kept) {
          const view = (
            await system.client('municipality').get<{
              erased: boolean;
              concerns: string[];
              drugSignals: { kind: string; municipio: number }[];
              referrals: { agency: string; reason: string }[];
            }>(`/cases/${child.caseref}`)
          ).body;
          expect(view.erased).toBe(false);
          expect([...view.concerns].sort()).toEqual([...new Set(child.concerns)].sort());
          expect(view.drugSignals.map((d) => [d.kind, d.municipio])).toEqual(child.drug ? [[child.drug.kind, child.drug.municipio]] : []);
          const reasons = view.referrals
            .filter((r) => r.agency !== 'police')
            .map((r) => r.reason)
            .sort();
          expect(reasons).toEqual([child.healthConcern, child.courtGrounds].filter((v) => v !== undefined).sort());
          const texts = (await answers(child)).join('\n');
          for (const value of child.values) expect(texts).toContain(value);
        }
      }),
      { numRuns: 2, endOnFailure: true },
    );
  });
  it('sweeps only what was written before the erasure: a child reported again keeps its new report whole', async () => {
    const first = await make({ concerns: [], health: false, court: false });
    await system.keyVault.vault.eraseAll(Object.values(childPseudonyms(DEV_PSEUDONYM_SECRETS, first.fixture.pupil.taxCode)) as string[]);
    await eventually(async () => ((await leftovers(first)).length === 0 ? true : undefined), 'the erasure sweep', 20_000);
    // Work on the erased case goes on; what it writes after the sweep is swept again.
    await flow.act(first.caseref, '/screening/cases/:caseref/close', { reason: 'immediate_return' });

    const fixture = { ...reportFixture(rng), pupil: first.fixture.pupil };
    const again = await flow.file(fixture);
    await flow.caseAt(again.caseref, 'screening');
    // The sweep looks back over recent erasures on every pass (every 10 s): let at least one run.
    await new Promise((resolve) => setTimeout(resolve, 12_000));
    const report = (await system.school(fixture.school.code).get<{ erased: boolean; category: string; school: { code: string } }>(`/reports/${again.id}`)).body;
    expect(report).toMatchObject({ erased: false, category: fixture.category, school: { code: fixture.school.code } });
    const view = (await system.client('municipality').get<{ erased: boolean; category: string; school: { code: string } }>(`/cases/${again.caseref}`)).body;
    expect(view).toMatchObject({ erased: false, category: fixture.category, school: { code: fixture.school.code } });
    const [closed] = await system.query<{ state: string; closure_reason: string | null }>(
      'municipality',
      'SELECT state, closure_reason FROM cases WHERE caseref = $1',
      [first.caseref],
    );
    expect(closed).toEqual({ state: 'closed', closure_reason: null });
  });
});
