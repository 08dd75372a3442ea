import type { TrustList, VerificationReport } from '@casenet/audit-log';
import { ParallelVerifier } from './parallel-verifier.js';
import type pg from 'pg';
import { checkpointHolds, type CheckpointRow } from '../archive/checkpointer.js';
import { progress } from '../progress.js';

const PAGE = 20_000;

interface ArchiveRow {
  id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  payload: Buffer;
}

/**
 * Verifies every chain and signature in the archive, in archive order. Where a signed
 * checkpoint's Merkle root still matches the stored bytes, its messages need only hashing;
 * everything else has its signature checked.
 */
export async function verifyArchive(pool: pg.Pool, trust: TrustList, trustListFile: string): Promise<VerificationReport & { checkpointsHeld: number; checkpointsBroken: number }> {
  const checkpoints = (await pool.query<CheckpointRow>('SELECT id::text, first_id::text, last_id::text, events, merkle_root, signing_key, signature FROM checkpoints ORDER BY checkpoints.first_id')).rows;
  const [{ n } = { n: '0' }] = (await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM archive')).rows;
  const bar = progress('verify', Number(n));
  const verifier = new ParallelVerifier(trustListFile);
  let [held, broken] = [0, 0];
  let pending: ArchiveRow[] = [];
  let cp = 0;
  const feed = (rows: ArchiveRow[], trusted: boolean) => {
    for (const row of rows) {
      bar.tick();
      if (row.topic.endsWith('.dead-letter')) continue; // parked bytes, not a producer's chain
      verifier.add({ locator: `archive #${row.id} (${row.topic}[${row.kafka_partition}]@${row.kafka_offset})`, stream: `${row.topic}[${row.kafka_partition}]`, bytes: row.payload }, trusted);
    }
  };
  let after = '0';
  for (;;) {
    const rows = (await pool.query<ArchiveRow>('SELECT id::text, topic, kafka_partition, kafka_offset::text, payload FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2', [after, PAGE])).rows;
    if (rows.length === 0) break;
    after = (rows[rows.length - 1] as ArchiveRow).id;
    for (const row of rows) {
      const checkpoint = checkpoints[cp];
      const id = Number(row.id);
      if (checkpoint && id >= Number(checkpoint.first_id) && id <= Number(checkpoint.last_id)) {
        pending.push(row);
        if (row.id === checkpoint.last_id) {
          const ok = checkpointHolds(checkpoint, pending.map((r) => r.payload), trust);
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
