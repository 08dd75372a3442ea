import { archiveLeaf, canonicalBytes, merkleRoot, type SigningKey, type TrustList } from '@casenet/audit-log';
import type pg from 'pg';

export interface CheckpointRow {
  id: string;
  first_id: string;
  last_id: string;
  events: number;
  merkle_root: string;
  signing_key: string;
  signature: string;
}

/** The columns a checkpoint vouches for: the bytes, and the chain facts the archiver read from them. */
export interface ArchivedFacts {
  payload: Buffer;
  signer: string | null;
  chainseq: string | null;
  prevhash: string | null;
  content_hash: string | null;
}

export const FACTS = 'payload, signer, chainseq::text, prevhash, content_hash';

/**
 * The same leaf as `archiveLeaf`, computed by PostgreSQL next to the data (pg_catalog's sha256,
 * not anything a schema could shadow), so a verifier reads 32 bytes per message instead of the message.
 */
export const LEAF_SQL = `pg_catalog.sha256('\\x00'::bytea || payload || pg_catalog.convert_to(E'\\n' || coalesce(signer, '') || '|' || coalesce(chainseq::text, '') || '|' || coalesce(prevhash, '') || '|' || coalesce(content_hash, ''), 'UTF8'))`;

export function leafOf(row: ArchivedFacts): Buffer {
  return archiveLeaf(row.payload, { signer: row.signer, chainseq: row.chainseq === null ? null : Number(row.chainseq), prevhash: row.prevhash, contentHash: row.content_hash });
}

function statement(first: string, last: string, events: number, root: string): Buffer {
  return canonicalBytes({ kind: 'casenet-audit-checkpoint', first: Number(first), last: Number(last), events, root });
}

/**
 * Seals every `every` archived messages under a signed Merkle root. Verification then recomputes
 * roots (hashing) instead of checking every signature, and any edit inside a range breaks its root.
 */
export async function writeDueCheckpoints(pool: pg.Pool, key: SigningKey, every: number): Promise<number> {
  let written = 0;
  for (;;) {
    const [last] = (await pool.query<{ last_id: string | null }>('SELECT max(last_id)::text AS last_id FROM checkpoints')).rows;
    const after = last?.last_id ?? '0';
    const rows = (await pool.query<ArchivedFacts & { id: string }>(`SELECT id::text, ${FACTS} FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2`, [after, every])).rows;
    if (rows.length < every) return written;
    const first = (rows[0] as { id: string }).id;
    const lastId = (rows[rows.length - 1] as { id: string }).id;
    const root = merkleRoot(rows.map(leafOf));
    await pool.query(
      'INSERT INTO checkpoints (first_id, last_id, events, merkle_root, signing_key, signature) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (first_id) DO NOTHING',
      [first, lastId, rows.length, root, key.keyId, key.sign(statement(first, lastId, rows.length, root))],
    );
    written += 1;
  }
}

/** Whether a checkpoint is the auditors' own and its root matches the messages it covers. */
export function checkpointHolds(checkpoint: CheckpointRow, leaves: readonly Buffer[], trust: TrustList): boolean {
  if (leaves.length !== checkpoint.events) return false;
  const root = merkleRoot(leaves);
  if (root !== checkpoint.merkle_root) return false;
  return trust.verifyDetached(statement(checkpoint.first_id, checkpoint.last_id, checkpoint.events, root), checkpoint.signature, checkpoint.signing_key, 'audit');
}
