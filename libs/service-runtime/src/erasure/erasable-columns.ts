import type { QueryRunner } from 'typeorm';

/**
 * Migration step: lets the erasure sweep empty `columns` of `table`. Adds `erased_at` (when the
 * sweep rewrote the row), drops NOT NULL on the columns, and makes every CHECK that mentions one
 * of them hold only for rows not erased (e.g. "declined ⇔ decline reason present" cannot hold
 * once the reason is gone), keeping each constraint's name.
 */
export async function makeColumnsErasable(queryRunner: QueryRunner, table: string, columns: string[]): Promise<void> {
  await queryRunner.query(`ALTER TABLE ${table} ADD COLUMN erased_at timestamptz`);
  await queryRunner.query(`ALTER TABLE ${table} ${columns.map((c) => `ALTER COLUMN "${c}" DROP NOT NULL`).join(', ')}`);
  const checks: { name: string; definition: string }[] = await queryRunner.query(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS definition FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'c'`,
    [table],
  );
  for (const { name, definition } of checks) {
    const body = /^CHECK \((.*)\)( NOT VALID)?$/s.exec(definition);
    if (!body || !columns.some((c) => new RegExp(`(^|[^a-z_])"?${c}"?([^a-z_]|$)`).test(body[1]!))) continue;
    await queryRunner.query(`ALTER TABLE ${table} DROP CONSTRAINT "${name}"`);
    await queryRunner.query(`ALTER TABLE ${table} ADD CONSTRAINT "${name}" CHECK (erased_at IS NOT NULL OR (${body[1]}))${body[2] ?? ''}`);
  }
}
