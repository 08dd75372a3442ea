import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { CellRef, ProtectedTable } from '@casenet/statistics';
import { Clock } from '@casenet/service-runtime';
import { createHash } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { MUNICIPALITY_DEADLINES } from '../case-web/case-web.store.js';
import { ProgrammesService } from '../programmes/programmes.service.js';
import { OsservatorioReadModel } from './osservatorio.read-model.js';
import { protectRelease, type TableInput } from './osservatorio.release.js';
import { OSSERVATORIO_SETTINGS, type OsservatorioSettings } from './osservatorio.settings.js';
import { CARE_SPEC, deadlinesSpec, FUNNEL_TABLES, type FunnelBreakdown, funnelSpec, programmeKeys, REFERRAL_SPEC, tableLinks } from './osservatorio.tables.js';

const BREAKDOWNS = Object.keys(FUNNEL_TABLES) as FunnelBreakdown[];
/** Releases kept in memory: a year's tables, then each table's CSV, are asked for one after the other. */
const CACHED_RELEASES = 8;

/**
 * Publishes the Osservatorio's tables of a school year. A release protects every table of the year
 * together (a single table is cut from it), so the suppression pattern does not depend on what was
 * asked for, and it runs in one transaction under an advisory lock per table: the cells suppressed
 * by earlier releases are read, kept, and the new ones written before another export may start.
 */
@Injectable()
export class OsservatorioService {
  /** Protection is deterministic: the same counts, earlier suppressions and threshold give the same tables. */
  private readonly cache = new Map<string, ProtectedTable[]>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly programmes: ProgrammesService,
    private readonly clock: Clock,
    @Inject(OSSERVATORIO_SETTINGS) private readonly settings: OsservatorioSettings,
  ) {}

  private programmeKeys(): string[] {
    return programmeKeys(this.programmes.catalogue.programmes.map((p) => p.id));
  }

  /** Every table key, in publication order. */
  keys(): string[] {
    return [...BREAKDOWNS.map((b) => FUNNEL_TABLES[b]), CARE_SPEC.key, REFERRAL_SPEC.key, deadlinesSpec([]).key];
  }

  years(): Promise<string[]> {
    return new OsservatorioReadModel(this.dataSource.manager).years();
  }

  async table(key: string, schoolYear: string): Promise<ProtectedTable> {
    if (!this.keys().includes(key)) throw new NotFoundException(`no Osservatorio table ${key} (tables: ${this.keys().join(', ')})`);
    const tables = await this.release(schoolYear);
    return tables.find((t) => t.key === key)!;
  }

  release(schoolYear: string): Promise<ProtectedTable[]> {
    return this.dataSource.transaction(async (manager) => {
      // Sorted, so two releases never wait on each other's locks in opposite orders.
      for (const key of [...this.keys()].sort()) {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`osservatorio:${key}@${schoolYear}`]);
      }
      const inputs = await this.inputs(manager, schoolYear);
      const fingerprint = createHash('sha256')
        .update(canonicalJson([this.settings.minCell, inputs]))
        .digest('hex');
      const tables = this.cache.get(fingerprint) ?? (await protectRelease(inputs, tableLinks(this.programmeKeys()), this.settings.minCell));
      await this.remember(manager, schoolYear, tables);
      this.cache.delete(fingerprint);
      this.cache.set(fingerprint, tables);
      if (this.cache.size > CACHED_RELEASES) this.cache.delete(this.cache.keys().next().value!);
      return tables;
    });
  }

  private async inputs(manager: EntityManager, schoolYear: string): Promise<TableInput[]> {
    const read = new OsservatorioReadModel(manager);
    const programmes = this.programmeKeys();
    const earlier = await this.earlier(manager, schoolYear);
    const funnel = await read.funnel(schoolYear, programmes);
    const specs = [
      ...BREAKDOWNS.map((b) => ({ spec: funnelSpec(b, programmes), counts: funnel[b] })),
      { spec: CARE_SPEC, counts: await read.care(schoolYear) },
      { spec: REFERRAL_SPEC, counts: await read.referrals(schoolYear) },
      { spec: deadlinesSpec(Object.keys(MUNICIPALITY_DEADLINES)), counts: await read.deadlines(schoolYear) },
    ];
    return specs.map(({ spec, counts }) => {
      // A row or column no longer in the table (a programme dropped from the catalogue) has nothing left to protect.
      const cells = (earlier.get(spec.key) ?? []).filter((c) => spec.rows.includes(c.row) && spec.columns.some((col) => col.key === c.column));
      return { spec, counts, earlier: cells };
    });
  }

  private async earlier(manager: EntityManager, schoolYear: string): Promise<Map<string, CellRef[]>> {
    const rows: { table_key: string; row_key: string; column_key: string }[] = await manager.query(
      `SELECT table_key, row_key, column_key FROM osservatorio_suppressions WHERE school_year = $1`,
      [schoolYear],
    );
    const earlier = new Map<string, CellRef[]>();
    for (const row of rows) earlier.set(row.table_key, [...(earlier.get(row.table_key) ?? []), { row: row.row_key, column: row.column_key }]);
    return earlier;
  }

  private async remember(manager: EntityManager, schoolYear: string, tables: ProtectedTable[]): Promise<void> {
    const cells = tables.flatMap((t) => t.suppressed.map((c) => ({ table: t.key, row: c.row, column: c.column })));
    if (cells.length === 0) return;
    await manager.query(
      `INSERT INTO osservatorio_suppressions (table_key, school_year, row_key, column_key, first_at)
       SELECT t, $1, r, c, $5 FROM unnest($2::text[], $3::text[], $4::text[]) AS s(t, r, c)
       ON CONFLICT DO NOTHING`,
      [schoolYear, cells.map((c) => c.table), cells.map((c) => c.row), cells.map((c) => c.column), this.clock.now()],
    );
  }
}

/** JSON with object keys sorted: the read model's row order must not change a release's fingerprint. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
