import type { ChainBreak, TrustList, VerificationReport, VerifierOptions } from '@casenet/audit-log';
import type pg from 'pg';
import {
  type ArchivedFacts,
  ARCHIVED_MS_SQL,
  FACTS,
  CHECKPOINT_COLUMNS,
  checkpointHolds,
  type CheckpointRow,
  LEAF_SQL,
  LEAF_V2_SQL,
  leafOf,
  leafV1Of,
} from '../archive/checkpointer.js';
import { progress } from '../progress.js';
import { ParallelVerifier } from './parallel-verifier.js';

const PAGE = 20_000;
/** Breaks about the archive as a whole sort after every located link: the located one is what to look at first. */
const ARCHIVE_LEVEL = Number.MAX_SAFE_INTEGER;

interface FactRow {
  id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: string;
  signer: string | null;
  chainseq: string | null;
  prevhash: string | null;
  content_hash: string | null;
  headseq: string | null;
  archived_ms: string;
  leaf: Buffer;
}

export type ArchiveReport = VerificationReport & { checkpointsHeld: number; checkpointsBroken: number; conflicts: number };

/**
 * Verifies every chain, chain head and signature in the archive, in archive order. It reads each
 * message's facts and Merkle leaf first. Inside a signed checkpoint whose root still matches, the
 * facts are trusted: chains are linked and ordered from them without reading the messages. Every
 * other range (past the last checkpoint, or one whose root no longer matches) is read in full and
 * each message's signature and hash checked, which is where tampering gets located. A checkpoint
 * that does not hold, or does not follow the one before it, and any identity archived with two
 * contents, are breaks too: `intact` is true only when there are none.
 */
export async function verifyArchive(
  pool: pg.Pool,
  trust: TrustList,
  trustListFile: string,
  options: { full?: boolean } & VerifierOptions = {},
): Promise<ArchiveReport> {
  // --full: trust no checkpoint and no database-side hash; every message read and checked here,
  // and every checkpoint's root recomputed here from the rows (a broken one still fails).
  const full = options.full === true;
  const checkpoints = (await pool.query<CheckpointRow>(`SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ORDER BY checkpoints.first_id`)).rows;
  const lastV1 = checkpoints.filter((c) => c.leaf_version === 1).reduce((n, c) => Math.max(n, Number(c.last_id)), 0);
  const [{ n } = { n: '0' }] = (await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM archive')).rows;
  const bar = progress('verify', Number(n));
  // Wall clock: the grace for pending positions is measured against real arrival, not a service's Clock.
  const verifier = new ParallelVerifier(trustListFile, undefined, { now: options.now ?? Date.now(), pendingGraceMs: options.pendingGraceMs });
  const archiveBreaks: ChainBreak[] = [...checkpointChainBreaks(checkpoints)];
  let [held, broken] = [0, 0];
  const brokenCheckpoint = (c: CheckpointRow, why: string) => {
    broken += 1;
    archiveBreaks.push({ kind: 'checkpoint', position: ARCHIVE_LEVEL, locator: `checkpoint #${c.id} (archive #${c.first_id}–#${c.last_id})`, detail: why });
  };

  const attested = (rows: FactRow[]) => {
    for (const row of rows) {
      bar.tick();
      if (row.topic.endsWith('.dead-letter')) continue; // parked bytes, not a producer's chain
      const seenAt = Number(row.archived_ms);
      if (row.signer && row.headseq && row.chainseq && row.content_hash) {
        verifier.addAttestedHead({
          locator: locatorOf(row),
          signer: row.signer,
          headseq: Number(row.headseq),
          chainseq: Number(row.chainseq),
          hash: row.content_hash,
          seenAt,
        });
      } else if (row.signer && row.chainseq && row.prevhash && row.content_hash) {
        verifier.addAttested({
          locator: locatorOf(row),
          stream: streamOf(row),
          signer: row.signer,
          chainseq: Number(row.chainseq),
          prevhash: row.prevhash,
          contentHash: row.content_hash,
          seenAt,
        });
      } else verifier.add({ locator: locatorOf(row), stream: streamOf(row), bytes: Buffer.alloc(0) }, true); // reported as malformed
    }
  };
  const inFull = async (rows: FactRow[]) => {
    if (rows.length === 0) return;
    const payloads = new Map(
      (
        await pool.query<{ id: string; payload: Buffer }>('SELECT id::text, payload FROM archive WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)])
      ).rows.map((r) => [r.id, r.payload]),
    );
    for (const row of rows) {
      bar.tick();
      if (row.topic.endsWith('.dead-letter')) continue;
      verifier.add({ locator: locatorOf(row), stream: streamOf(row), bytes: payloads.get(row.id) ?? Buffer.alloc(0), seenAt: Number(row.archived_ms) }, false);
    }
  };

  let pending: FactRow[] = [];
  let uncovered: FactRow[] = [];
  let cp = 0;
  let after = '0';
  for (;;) {
    const rows = full
      ? (
          await pool.query<ArchivedFacts & FactRow>(`SELECT id::text, ${FACTS} FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2`, [after, PAGE])
        ).rows.map((r) => ({ ...r, leaf: Number(r.id) <= lastV1 ? leafV1Of(r) : leafOf(r) }))
      : (
          await pool.query<FactRow>(
            `SELECT id::text, topic, kafka_partition, kafka_offset::text, signer, chainseq::text, prevhash, content_hash, headseq::text, ${ARCHIVED_MS_SQL} AS archived_ms,
                    CASE WHEN archive.id <= $3 THEN ${LEAF_SQL} ELSE ${LEAF_V2_SQL} END AS leaf
             FROM archive WHERE archive.id > $1 ORDER BY archive.id LIMIT $2`,
            [after, PAGE, lastV1],
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
          if (
            checkpointHolds(
              checkpoint,
              pending.map((r) => r.leaf),
              trust,
            )
          ) {
            held += 1;
            if (full) await inFull(pending);
            else attested(pending);
          } else {
            brokenCheckpoint(
              checkpoint,
              'its signed Merkle root no longer matches the rows it covers (bytes, facts or Kafka coordinates changed, or rows removed)',
            );
            await inFull(pending);
          }
          pending = [];
          cp += 1;
        }
      } else {
        if (checkpoint && id > Number(checkpoint.last_id)) {
          brokenCheckpoint(checkpoint, `its last row, archive #${checkpoint.last_id}, is gone`);
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
    // Reading is faster than verifying: wait here rather than queue the whole archive in memory.
    await verifier.drained();
  }
  for (; cp < checkpoints.length; cp += 1) brokenCheckpoint(checkpoints[cp] as CheckpointRow, 'the rows it covers are gone from the end of the archive');
  await inFull([...pending, ...uncovered].sort((a, b) => Number(a.id) - Number(b.id)));
  bar.stop();
  const conflicts = (
    await pool.query<{ id: string; identity: string; topic: string; kafka_partition: number; kafka_offset: string }>(
      'SELECT id::text, identity, topic, kafka_partition, kafka_offset::text FROM archive_conflicts ORDER BY archive_conflicts.id',
    )
  ).rows;
  for (const c of conflicts) {
    archiveBreaks.push({
      kind: 'conflict',
      position: ARCHIVE_LEVEL,
      locator: `conflict #${c.id} (${c.topic}[${c.kafka_partition}]@${c.kafka_offset})`,
      signer: /^(?:head:)?([a-z]+)#/.exec(c.identity)?.[1],
      detail: `a second, different content for ${c.identity}`,
    });
  }
  const report = await verifier.finish();
  const breaks = [...report.breaks, ...archiveBreaks];
  return { ...report, intact: breaks.length === 0, breaks, checkpointsHeld: held, checkpointsBroken: broken, conflicts: conflicts.length };
}

/** Version-2 checkpoints name the root before them: a removed or replaced checkpoint breaks the next one's link. */
function checkpointChainBreaks(checkpoints: CheckpointRow[]): ChainBreak[] {
  const breaks: ChainBreak[] = [];
  checkpoints.forEach((c, i) => {
    const before = checkpoints[i - 1];
    if (c.leaf_version >= 2 && c.prev_root !== (before?.merkle_root ?? null)) {
      breaks.push({
        kind: 'checkpoint',
        position: ARCHIVE_LEVEL,
        locator: `checkpoint #${c.id} (archive #${c.first_id}–#${c.last_id})`,
        detail: 'it does not follow the checkpoint before it: a checkpoint was removed or replaced',
      });
    }
  });
  return breaks;
}

function locatorOf(row: FactRow): string {
  const what = row.headseq ? `${row.signer} head #${row.headseq}` : `${row.signer} #${row.chainseq}`;
  return `archive #${row.id} (${what}, ${row.topic}[${row.kafka_partition}]@${row.kafka_offset})`;
}

function streamOf(row: FactRow): string {
  return `${row.topic}[${row.kafka_partition}]`;
}
