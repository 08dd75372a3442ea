import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import { expiredMarker, isErased, SubjectSealer } from '@casenet/privacy';
import { DataSource } from 'typeorm';
import { Clock } from '../clock/clock.js';

/**
 * Category values (concerns, grounds, kinds, places, dates) that earlier releases kept in
 * clear beside a row's sealed part, and the sealed field each now lives in.
 */
export interface ClearColumnsToSeal {
  table: string;
  /** The row's primary key column. */
  id: string;
  /** The sealed column the values move into (a sealed JSON object). */
  sealed: string;
  /** SQL for the row's subject key, e.g. `t.subject_key` or `(SELECT c.subject_key FROM cases c WHERE c.id = t.case_id)`. */
  subject: string;
  /** Field of the sealed object ← clear column; or `inPlace`: the sealed column itself still holds clear values. */
  fields: Record<string, string> | 'inPlace';
  /**
   * For `inPlace`: SQL for a sealed value written with the row (e.g. its case's `personal`). Sealing
   * would make a new key for an erased child and bring its value back; the witness opening as
   * erased says the child is gone, and the value is dropped instead.
   */
  witness?: string;
}

const BATCH = 200;

/**
 * Boot step that seals what a migration could not: a migration runs as the schema owner and
 * must never hold key material, so it only makes the clear columns nullable (and refuses new
 * values in them); this moves each leftover value into the row's sealed object under the
 * child's key and empties the column. Rows of a child already erased (or expired) just lose
 * the clear values: they belonged to data that is gone (marked expired as of `now`). Returns how many rows it changed.
 */
export async function foldClearColumnsIntoSeal(dataSource: DataSource, sealer: SubjectSealer, spec: ClearColumnsToSeal, now: Date): Promise<number> {
  if (spec.fields === 'inPlace') return sealInPlace(dataSource, sealer, spec, now);
  const fields = spec.fields;
  const columns = Object.values(spec.fields);
  const anyLeft = columns.map((c) => `t.${c} IS NOT NULL`).join(' OR ');
  let changed = 0;
  for (;;) {
    const rows: Record<string, unknown>[] = await dataSource.query(
      `SELECT t.${spec.id} AS id, ${spec.subject} AS subject, t.${spec.sealed} AS sealed, ${columns.map((c) => `t.${c}`).join(', ')}
         FROM ${spec.table} t WHERE ${anyLeft} LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const subject = row.subject as string;
      const opened = typeof row.sealed === 'string' ? await sealer.open<Record<string, unknown>>(subject, row.sealed) : {};
      const cleared = columns.map((c) => `${c} = NULL`).join(', ');
      if (isErased(opened)) {
        await dataSource.query(`UPDATE ${spec.table} SET ${cleared} WHERE ${spec.id} = $1`, [row.id]);
      } else {
        const moved = Object.fromEntries(Object.entries(fields).map(([field, column]) => [field, jsonValue(row[column])]));
        const resealed = await sealer.seal(subject, { ...opened, ...moved });
        await dataSource.query(`UPDATE ${spec.table} SET ${spec.sealed} = $2, ${cleared} WHERE ${spec.id} = $1`, [row.id, resealed]);
      }
      changed += 1;
    }
  }
}

/** A column that held a clear value where it now holds that value sealed. */
async function sealInPlace(dataSource: DataSource, sealer: SubjectSealer, spec: ClearColumnsToSeal, now: Date): Promise<number> {
  if (!spec.witness) throw new Error(`sealing ${spec.table}.${spec.sealed} in place needs a witness of erasure`);
  let changed = 0;
  for (;;) {
    const rows: { id: string; subject: string; value: unknown; witness: string | null }[] = await dataSource.query(
      `SELECT t.${spec.id} AS id, ${spec.subject} AS subject, t.${spec.sealed} AS value, ${spec.witness} AS witness FROM ${spec.table} t
        WHERE t.${spec.sealed} IS NOT NULL AND t.${spec.sealed} NOT LIKE 'sealed:v1:%' AND t.${spec.sealed} NOT LIKE 'expired:%' LIMIT ${BATCH}`,
    );
    if (rows.length === 0) return changed;
    for (const row of rows) {
      const gone = row.witness === null || isErased(await sealer.open(row.subject, row.witness));
      const replacement = gone ? expiredMarker(now) : await sealer.seal(row.subject, row.value);
      await dataSource.query(`UPDATE ${spec.table} SET ${spec.sealed} = $2 WHERE ${spec.id} = $1`, [row.id, replacement]);
      changed += 1;
    }
  }
}

function jsonValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value;
}

export const CLEAR_COLUMNS_TO_SEAL = Symbol('CLEAR_COLUMNS_TO_SEAL');

/** Runs every fold of the service once at boot, before it serves. */
@Injectable()
export class SealLeftoversAtBoot implements OnApplicationBootstrap {
  private readonly logger = new Logger('SealLeftoversAtBoot');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLEAR_COLUMNS_TO_SEAL) private readonly specs: ClearColumnsToSeal[],
    @Optional() private readonly sealer: SubjectSealer | null,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.sealer) return;
    for (const spec of this.specs) {
      const rows = await foldClearColumnsIntoSeal(this.dataSource, this.sealer, spec, this.clock.now());
      if (rows > 0) this.logger.log({ msg: 'clear category values sealed', table: spec.table, column: spec.sealed, rows });
    }
  }
}
