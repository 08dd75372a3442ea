import type { TrustList, VerificationReport } from '@casenet/audit-log';
import type pg from 'pg';
import { checkpointHolds, type CheckpointRow, LEAF_SQL } from '../archive/checkpointer.js';
import { progress } from '../progress.js';
import { ParallelVerifier } from './parallel-verifier.js';

const PAGE = 20_000;

interface FactRow {
  id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  signer: string | null;
  chainseq: string | null;
  prevhash: string | null;
  content_hash: string | null;
  leaf: Buffer;
}

/**
 * Verifies every chain and signature in the archive, in archive order. It reads each message's
 * chain facts and Merkle leaf first. Inside a signed checkpoint whose root still matches, the facts
 * are trusted: chains are linked and ordered from them without reading the messages. Every other
 * range (past the last checkpoint, or one whose root no longer matches) is read in full and each
 * message's signature and hash checked, which is where tampering gets located.
 */
export async function verifyArchive(
  pool: pg.Pool,
  trust: TrustList,
  trustListFile: string,
  options: { full?: boolean } = {},
): Promise<VerificationReport & { checkpointsHeld: number; checkpointsBroken: number }> {
  // --full: trust no checkpoint and no database-side hash; every message read and checked here.
  const checkpoints = options.full ? [] : (await pool.query<CheckpointRow>('SELECT id::text, first_id::text, last_id::text, events, merkle_root, signing_key, signature FROM checkpoints ORDER BY checkpoints.first_id')).rows;
  const [{ n } = { n: '0' }] = (await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM archive')).rows;
  const bar = progress('verify', Number(n));
  const verifier = new ParallelVerifier(trustListFile);
  let [held, broken] = [0, 0];

  const attested = (rows: FactRow[]) => {
    for (const row of rows) {
      bar.tick();
      if (row.topic.endsWith('.dead-letter')) continue; // parked bytes, not a producer's chain
      if (row.signer && row.chainseq && row.prevhash && row.content_hash) {
        verifier.addAttested({ locator: locatorOf(row), stream: streamOf(row), signer: row.signer, chainseq: Number(row.chainseq), prevhash: row.prevhash, contentHash: row.content_hash });
      } else verifier.add({ locator: locatorOf(row), stream: streamOf(row), bytes: Buffer.alloc(0) }, true); // reported as malformed
    }
  };
  const inFull = async (rows: FactRow[]) => {
    if (rows.length === 0) return;
    const payloads = new Map(
      (await pool.query<{ id: string; payload: Buffer }>('SELECT id::text, payload FROM archive WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)])).rows.map((r) => [r.id, r.payload]),
    );
    for (const row of rows) {
      bar.tick();
      if (row.topic.endsWith('.dead-letter')) continue;
      verifier.add({ locator: locatorOf(row), stream: streamOf(row), bytes: payloads.get(row.id) ?? Buffer.alloc(0) }, false);
    }
  };

  let pending: FactRow[] = [];
  let uncovered: FactRow[] = [];
  let cp = 0;
  let after = '0';
  for (;;) {
    const rows = (
      await pool.query<FactRow>(
        `SELECT id::text, topic, kafka_partition, kafka_offset::text, signer, chainseq::text, prevhash, content_hash, ${LEAF_SQL} AS leaf
         FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2`,
        [after, PAGE],
      )
    ).rows;
    if (rows.length === 0) break;
    after = (rows[rows.length - 1] as FactRow).id;
    for (const row of rows) {
      const checkpoint = checkpoints[cp];
      const id = Number(row.id);
      if (checkpoint && id >= Number(checkpoint.first_id) && id <= Number(checkpoint.last_id)) {
        await inFull(uncovered);
        uncovered = [];
        pending.push(row);
        if (row.id === checkpoint.last_id) {
          if (checkpointHolds(checkpoint, pending.map((r) => r.leaf), trust)) {
            held += 1;
            attested(pending);
          } else {
            broken += 1;
            await inFull(pending);
          }
          pending = [];
          cp += 1;
        }
      } else {
        if (checkpoint && id > Number(checkpoint.last_id)) {
          // The checkpoint's last row is gone: its range cannot hold.
          broken += 1;
          await inFull(pending);
          pending = [];
          cp += 1;
        }
        uncovered.push(row);
        if (uncovered.length >= PAGE) {
          await inFull(uncovered);
          uncovered = [];
        }
      }
    }
  }
  if (pending.length > 0) broken += 1;
  await inFull([...pending, ...uncovered].sort((a, b) => Number(a.id) - Number(b.id)));
  bar.stop();
  return { ...(await verifier.finish()), checkpointsHeld: held, checkpointsBroken: broken };
}

function locatorOf(row: FactRow): string {
  return `archive #${row.id} (${row.topic}[${row.kafka_partition}]@${row.kafka_offset})`;
}

function streamOf(row: FactRow): string {
  return `${row.topic}[${row.kafka_partition}]`;
}
