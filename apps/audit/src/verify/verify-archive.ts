import type { TrustList, VerificationReport } from '@casenet/audit-log';
import type pg from 'pg';
import { type ArchivedFacts, checkpointHolds, type CheckpointRow, FACTS } from '../archive/checkpointer.js';
import { progress } from '../progress.js';
import { ParallelVerifier } from './parallel-verifier.js';

const PAGE = 20_000;

interface ArchiveRow extends ArchivedFacts {
  id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
}

/**
 * Verifies every chain and signature in the archive, in archive order. Inside a signed
 * checkpoint whose Merkle root still matches the stored bytes and facts, the facts are trusted:
 * chains are linked and ordered from them without re-parsing or re-checking signatures. Any
 * change inside a range breaks its root, and that range is checked event by event.
 */
export async function verifyArchive(pool: pg.Pool, trust: TrustList, trustListFile: string): Promise<VerificationReport & { checkpointsHeld: number; checkpointsBroken: number }> {
  const checkpoints = (await pool.query<CheckpointRow>('SELECT id::text, first_id::text, last_id::text, events, merkle_root, signing_key, signature FROM checkpoints ORDER BY checkpoints.first_id')).rows;
  const [{ n } = { n: '0' }] = (await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM archive')).rows;
  const bar = progress('verify', Number(n));
  const verifier = new ParallelVerifier(trustListFile);
  let [held, broken] = [0, 0];
  let pending: ArchiveRow[] = [];
  let cp = 0;
  const feed = (rows: ArchiveRow[], attested: boolean) => {
    for (const row of rows) {
      bar.tick();
      if (row.topic.endsWith('.dead-letter')) continue; // parked bytes, not a producer's chain
      const locator = `archive #${row.id} (${row.topic}[${row.kafka_partition}]@${row.kafka_offset})`;
      const stream = `${row.topic}[${row.kafka_partition}]`;
      if (attested && row.signer && row.chainseq && row.prevhash && row.content_hash) {
        verifier.addAttested({ locator, stream, signer: row.signer, chainseq: Number(row.chainseq), prevhash: row.prevhash, contentHash: row.content_hash });
      } else {
        verifier.add({ locator, stream, bytes: row.payload }, attested);
      }
    }
  };
  let after = '0';
  for (;;) {
    const rows = (
      await pool.query<ArchiveRow>(
        `SELECT id::text, topic, kafka_partition, kafka_offset::text, ${FACTS} FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2`,
        [after, PAGE],
      )
    ).rows;
    if (rows.length === 0) break;
    after = (rows[rows.length - 1] as ArchiveRow).id;
    for (const row of rows) {
      const checkpoint = checkpoints[cp];
      const id = Number(row.id);
      if (checkpoint && id >= Number(checkpoint.first_id) && id <= Number(checkpoint.last_id)) {
        pending.push(row);
        if (row.id === checkpoint.last_id) {
          const ok = checkpointHolds(checkpoint, pending, trust);
          if (ok) held += 1;
          else broken += 1;
          feed(pending, ok);
          pending = [];
          cp += 1;
        }
      } else {
        if (checkpoint && id > Number(checkpoint.last_id)) {
          // The checkpoint's last row is gone: its range cannot hold.
          broken += 1;
          feed(pending, false);
          pending = [];
          cp += 1;
        }
        feed([row], false);
      }
    }
  }
  if (pending.length > 0) {
    broken += 1;
    feed(pending, false);
  }
  bar.stop();
  return { ...(await verifier.finish()), checkpointsHeld: held, checkpointsBroken: broken };
}
