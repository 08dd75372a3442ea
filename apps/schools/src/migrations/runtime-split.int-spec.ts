import { afterAll, describe, expect, it, jest } from '@jest/globals';
import { appendOnlyGuard, appendOnlyStatements } from '@casenet/audit-log';
import { DeadlineOutcomes1764500000010 } from '@casenet/deadlines';
import { ChainHeads1796000000100, DeadLetterProblem1796000000000, Ledger1763700000001, MessagingTables1763700000000 } from '@casenet/messaging';
import { InProcessService, provisionServiceDatabases, resolvePostgres } from '@casenet/testing';
import { DataSource, type MigrationInterface, type QueryRunner } from 'typeorm';
import { schoolsApp } from '../schools.app.js';
import { Reports1763700000100 } from './1763700000100-reports.migration.js';
import { ErasableReportCodes1763700000115 } from './1763700000115-erasable-report-codes.migration.js';

jest.setTimeout(90_000);

/** The migration as released before the runtime split: the access log and the deadlines table in one. */
class CoreTablesBeforeTheSplit implements MigrationInterface {
  name = 'CoreTables1763700000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE access_log (
        id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), subject text NOT NULL, agency text NOT NULL,
        roles text[] NOT NULL, caseref text NOT NULL, purpose text NOT NULL, route text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX access_log_caseref ON access_log (caseref, at)`);
    await queryRunner.query(`CREATE INDEX access_log_subject ON access_log (subject, at)`);
    await queryRunner.query(appendOnlyGuard('access_log_append_only', 'the access log is append-only'));
    for (const statement of appendOnlyStatements('access_log', 'access_log_append_only')) await queryRunner.query(statement);
    await queryRunner.query(`
      CREATE TABLE deadlines (
        id bigserial PRIMARY KEY, kind text NOT NULL, ref text NOT NULL, caseref text NOT NULL,
        due_at timestamptz NOT NULL, remind_at timestamptz NOT NULL,
        state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'reminded', 'breached')),
        reminded_at timestamptz, breached_at timestamptz, settled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(), UNIQUE (kind, ref), CHECK (remind_at <= due_at)
      )`);
    await queryRunner.query(`CREATE INDEX deadlines_open ON deadlines (remind_at) WHERE settled_at IS NULL AND state <> 'breached'`);
  }

  async down(): Promise<void> {}
}

/** A database that `npm start` migrated before the runtime split starts under the split libs. */
describe('schools database migrated before the runtime split', () => {
  const namespace = `t_int_presplit_${process.pid}`;
  let service: InProcessService | undefined;

  afterAll(async () => {
    await service?.stop();
  });

  it('migrates cleanly, keeping its tables and recording the deadlines table as already there', async () => {
    const postgres = await resolvePostgres();
    const { schools } = await provisionServiceDatabases(postgres.adminUrl, namespace, ['schools']);
    const before = new DataSource({
      type: 'postgres',
      url: schools.migrationUrl,
      migrations: [
        MessagingTables1763700000000,
        Ledger1763700000001,
        CoreTablesBeforeTheSplit,
        Reports1763700000100,
        ErasableReportCodes1763700000115,
        DeadlineOutcomes1764500000010,
        DeadLetterProblem1796000000000,
        ChainHeads1796000000100,
      ],
      migrationsTransactionMode: 'all',
    });
    await before.initialize();
    await before.runMigrations({ transaction: 'all' });
    await before.query(
      `INSERT INTO deadlines (kind, ref, caseref, due_at, remind_at, state, settled_at) VALUES ('x.kind', 'r1', 'CR-PRESPLIT1', now(), now(), 'met', now())`,
    );
    await before.destroy();

    service = await InProcessService.start(schoolsApp, namespace);
    expect((await service.client().get('/health')).status).toBe(200);
    const migrations = await service.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
    // Only what came after that release runs: the deadlines table as recorded, the report kinds, the survey.
    expect(migrations.map((m) => m.name).slice(-4)).toEqual([
      'DeadlinesTable1763700000003',
      'ReportKinds1763700000130',
      'Survey1766000000200',
      'CaseTraces1796000000200',
    ]);
    expect(migrations.filter((m) => m.name === 'CoreTables1763700000002')).toHaveLength(1);
    expect(await service.query('SELECT kind, state FROM deadlines')).toEqual([{ kind: 'x.kind', state: 'met' }]);
    const constraints = await service.query<{ conname: string }>(
      `SELECT conname FROM pg_constraint WHERE conrelid = 'deadlines'::regclass AND contype = 'c' ORDER BY conname`,
    );
    expect(constraints.map((c) => c.conname)).toEqual(expect.arrayContaining(['deadlines_settled_outcome', 'deadlines_state_check']));
  });
});
