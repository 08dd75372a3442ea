import { archiveLeaf, archiveLeafV2, canonicalBytes, merkleRoot, type SigningKey, type TrustList } from '@casenet/audit-log';
import type pg from 'pg';

export interface CheckpointRow {
  id: string;
  first_id: string;
  last_id: string;
  events: number;
  merkle_root: string;
  signing_key: string;
  signature: string;
  /** 1: bytes and chain facts; 2: also head counts, archive times and Kafka coordinates, chained by `prev_root`. */
  leaf_version: number;
  prev_root: string | null;
}

/** The columns a checkpoint vouches for: the bytes, and the facts the archiver read from them and from Kafka. */
export interface ArchivedFacts {
  payload: Buffer;
  signer: string | null;
  chainseq: string | null;
  prevhash: string | null;
  content_hash: string | null;
  headseq: string | null;
  archived_ms: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
}

export const CHECKPOINT_COLUMNS = 'id::text, first_id::text, last_id::text, events, merkle_root, signing_key, signature, leaf_version, prev_root';

/** The archive time as the leaf carries it: whole milliseconds since the epoch. */
export const ARCHIVED_MS_SQL = `floor(extract(epoch from archived_at) * 1000)::bigint::text`;

export const FACTS = `payload, signer, chainseq::text, prevhash, content_hash, headseq::text, ${ARCHIVED_MS_SQL} AS archived_ms, topic, kafka_partition, kafka_offset::text`;

/**
 * The same leaves as `archiveLeaf`/`archiveLeafV2`, computed by PostgreSQL next to the data
 * (pg_catalog's sha256, not anything a schema could shadow), so a verifier reads 32 bytes per
 * message instead of the message.
 */
export const LEAF_SQL = `pg_catalog.sha256('\\x00'::bytea || payload || pg_catalog.convert_to(E'\\n' || coalesce(signer, '') || '|' || coalesce(chainseq::text, '') || '|' || coalesce(prevhash, '') || '|' || coalesce(content_hash, ''), 'UTF8'))`;
export const LEAF_V2_SQL = `pg_catalog.sha256('\\x00'::bytea || payload || pg_catalog.convert_to(E'\\n' || concat_ws('|', coalesce(signer, ''), coalesce(chainseq::text, ''), coalesce(prevhash, ''), coalesce(content_hash, ''), coalesce(headseq::text, ''), ${ARCHIVED_MS_SQL}, topic, kafka_partition::text, kafka_offset::text), 'UTF8'))`;

export function leafOf(row: ArchivedFacts): Buffer {
  return archiveLeafV2(row.payload, {
    signer: row.signer,
    chainseq: row.chainseq,
    prevhash: row.prevhash,
    contentHash: row.content_hash,
    headseq: row.headseq,
    archivedMs: row.archived_ms,
    topic: row.topic,
    partition: row.kafka_partition,
    offset: row.kafka_offset,
  });
}

/** A version-1 leaf (checkpoints written before coordinates were attested). */
export function leafV1Of(row: ArchivedFacts): Buffer {
  return archiveLeaf(row.payload, {
    signer: row.signer,
    chainseq: row.chainseq === null ? null : Number(row.chainseq),
    prevhash: row.prevhash,
    contentHash: row.content_hash,
  });
}

function statement(c: Pick<CheckpointRow, 'first_id' | 'last_id' | 'events' | 'leaf_version' | 'prev_root'>, root: string): Buffer {
  const base = { kind: 'casenet-audit-checkpoint', first: Number(c.first_id), last: Number(c.last_id), events: c.events, root };
  return canonicalBytes(c.leaf_version === 1 ? base : { ...base, version: c.leaf_version, prev: c.prev_root });
}

/**
 * Seals every `every` archived messages under a signed Merkle root, chained to the previous
 * checkpoint's root. Verification then recomputes roots (hashing) instead of checking every
 * signature, and any edit inside a range, of bytes, facts or coordinates, breaks its root.
 */
export async function writeDueCheckpoints(pool: pg.Pool, key: SigningKey, every: number): Promise<number> {
  let written = 0;
  for (;;) {
    const [last] = (
      await pool.query<{ last_id: string | null; merkle_root: string | null }>(
        'SELECT last_id::text, merkle_root FROM checkpoints ORDER BY checkpoints.last_id DESC LIMIT 1',
      )
    ).rows;
    const after = last?.last_id ?? '0';
    const rows = (
      await pool.query<ArchivedFacts & { id: string }>(`SELECT id::text, ${FACTS} FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2`, [
        after,
        every,
      ])
    ).rows;
    if (rows.length < every) return written;
    const checkpoint = {
      first_id: (rows[0] as { id: string }).id,
      last_id: (rows[rows.length - 1] as { id: string }).id,
      events: rows.length,
      leaf_version: 2,
      prev_root: last?.merkle_root ?? null,
    };
    const root = merkleRoot(rows.map(leafOf));
    await pool.query(
      'INSERT INTO checkpoints (first_id, last_id, events, merkle_root, signing_key, signature, leaf_version, prev_root) VALUES ($1, $2, $3, $4, $5, $6, 2, $7) ON CONFLICT (first_id) DO NOTHING',
      [checkpoint.first_id, checkpoint.last_id, rows.length, root, key.keyId, key.sign(statement(checkpoint, root)), checkpoint.prev_root],
    );
    written += 1;
  }
}

/** Whether a checkpoint is the auditors' own and its root matches the messages it covers. */
export function checkpointHolds(checkpoint: CheckpointRow, leaves: readonly Buffer[], trust: TrustList): boolean {
  if (leaves.length !== checkpoint.events) return false;
  const root = merkleRoot(leaves);
  if (root !== checkpoint.merkle_root) return false;
  return trust.verifyDetached(statement(checkpoint, root), checkpoint.signature, checkpoint.signing_key, 'audit');
}
