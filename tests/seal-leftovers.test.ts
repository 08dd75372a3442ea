import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { isErased, localSubjectKeyVault, SubjectSealer } from '@casenet/privacy';
import { foldClearColumnsIntoSeal } from '@casenet/service-runtime';
import { DEV_KEK_DIR, devMasterKey, provisionKeyVault, resolvePostgres, type PostgresServer } from '@casenet/testing';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';

jest.setTimeout(180_000);

/**
 * The boot step that seals what earlier releases left in clear (a migration cannot: it holds no
 * keys). Generated rows, some of erased children: after the fold no clear column holds a value,
 * every live child's sealed object holds the old values beside what it held, and erased
 * children's values are simply gone.
 */
describe('sealing clear leftovers at boot', () => {
  const namespace = `t_seal_leftovers_${process.pid}`;
  let postgres: PostgresServer;
  let pool: pg.Pool;
  let dataSource: DataSource;
  let sealer: SubjectSealer;

  beforeAll(async () => {
    postgres = await resolvePostgres();
    const vaultUrl = await provisionKeyVault(postgres.adminUrl, namespace);
    pool = new pg.Pool({ connectionString: vaultUrl, max: 2 });
    sealer = new SubjectSealer(localSubjectKeyVault(pool, devMasterKey(), DEV_KEK_DIR));
    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${namespace}_rows`);
    await admin.query(`CREATE DATABASE ${namespace}_rows`);
    await admin.end();
    const url = new URL(postgres.adminUrl);
    url.pathname = `/${namespace}_rows`;
    dataSource = new DataSource({ type: 'postgres', url: url.toString() });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await pool?.end();
    const admin = new pg.Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    for (const db of ['rows', 'keyvault']) await admin.query(`DROP DATABASE IF EXISTS ${namespace}_${db} WITH (FORCE)`);
    await admin.end();
  });

  const row = fc.record({
    erased: fc.boolean(),
    before: fc.dictionary(fc.constantFrom('pupil', 'notes'), fc.string({ maxLength: 12 }), { maxKeys: 2 }),
    kind: fc.option(fc.constantFrom('use_observed', 'dealing_suspected'), { nil: null }),
    municipio: fc.option(fc.integer({ min: 1, max: 9 }), { nil: null }),
    occurredAt: fc.option(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), { nil: null }),
    concerns: fc.option(fc.subarray(['bullying', 'harm_to_child', 'substance_use']), { nil: null }),
    reason: fc.constantFrom('bullying', 'persistent_evasion', 'residence_and_attendance'),
  });

  it('moves every clear value into its child’s seal, and drops the values of erased children', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 12 }), async (rows) => {
        const table = `legacy_${(run += 1)}`;
        await dataSource.query(`CREATE TABLE ${table} (
          id int PRIMARY KEY, subject_key text NOT NULL, personal text NOT NULL, reason text NOT NULL,
          kind text, municipio integer, occurred_at timestamptz, concerns text[])`);
        const subjects = rows.map(() => `sk1_${randomBytes(32).toString('base64url')}`);
        for (const [i, r] of rows.entries()) {
          await dataSource.query(`INSERT INTO ${table} VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
            i,
            subjects[i],
            await sealer.seal(subjects[i]!, r.before),
            r.reason,
            r.kind,
            r.municipio,
            r.occurredAt,
            r.concerns,
          ]);
        }
        for (const [i, r] of rows.entries()) if (r.erased) await sealer.erase(subjects[i]!);

        const spec = { table, id: 'id', subject: 't.subject_key' };
        await foldClearColumnsIntoSeal(
          dataSource,
          sealer,
          {
            ...spec,
            sealed: 'personal',
            fields: { kind: 'kind', municipio: 'municipio', occurredAt: 'occurred_at', concerns: 'concerns' },
          },
          new Date(),
        );
        await foldClearColumnsIntoSeal(dataSource, sealer, { ...spec, sealed: 'reason', fields: 'inPlace', witness: 't.personal' }, new Date());

        const after: { id: number; personal: string; reason: string; kind: unknown; municipio: unknown; occurred_at: unknown; concerns: unknown }[] =
          await dataSource.query(`SELECT * FROM ${table} ORDER BY id`);
        for (const [i, r] of rows.entries()) {
          const now = after[i]!;
          expect([now.kind, now.municipio, now.occurred_at, now.concerns]).toEqual([null, null, null, null]);
          expect(now.reason).toMatch(/^(sealed:v1:|expired:)/);
          const personal = await sealer.open<Record<string, unknown>>(subjects[i]!, now.personal);
          const reason = await sealer.open(subjects[i]!, now.reason);
          if (r.erased) {
            expect(isErased(personal)).toBe(true);
            expect(isErased(reason)).toBe(true);
            continue;
          }
          const moved = Object.fromEntries(
            Object.entries({ kind: r.kind, municipio: r.municipio, occurredAt: r.occurredAt?.toISOString() ?? null, concerns: r.concerns }).filter(
              () => r.kind !== null || r.municipio !== null || r.occurredAt !== null || r.concerns !== null,
            ),
          );
          expect(personal).toEqual({ ...r.before, ...moved });
          expect(reason).toBe(r.reason);
        }
        // Run again: nothing left to do.
        expect(
          await foldClearColumnsIntoSeal(dataSource, sealer, { ...spec, sealed: 'personal', fields: { kind: 'kind', municipio: 'municipio' } }, new Date()),
        ).toBe(0);
        expect(await foldClearColumnsIntoSeal(dataSource, sealer, { ...spec, sealed: 'reason', fields: 'inPlace', witness: 't.personal' }, new Date())).toBe(0);
      }),
      { numRuns: 15 },
    );
  });
});
