import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0]);
const NODE = Buffer.from([1]);

/** Leaf of an archived message: the hash of its bytes exactly as stored (signature included). */
export function leafHash(bytes: Buffer): Buffer {
  return createHash('sha256').update(LEAF).update(bytes).digest();
}

/**
 * Leaf of an archived event: its bytes as stored, and the chain facts the archiver read from
 * them, so a checkpoint vouches for both and verification can trust the facts without re-parsing.
 */
export function archiveLeaf(
  bytes: Buffer,
  facts: { signer: string | null; chainseq: number | null; prevhash: string | null; contentHash: string | null },
): Buffer {
  return createHash('sha256')
    .update(LEAF)
    .update(bytes)
    .update(`\n${facts.signer ?? ''}|${facts.chainseq ?? ''}|${facts.prevhash ?? ''}|${facts.contentHash ?? ''}`)
    .digest();
}

/** What a version-2 checkpoint vouches for about one archived message besides its bytes. */
export interface ArchivedFactsV2 {
  signer: string | null;
  chainseq: string | null;
  prevhash: string | null;
  contentHash: string | null;
  /** Set for a chain head: its count; `chainseq`/`contentHash` are then the position and hash it signs. */
  headseq: string | null;
  /** When the archive received it (ms since the epoch): what tells a pending event from a deleted one. */
  archivedMs: string;
  /** Where the broker put it: attested, so rewriting coordinates breaks the checkpoint. */
  topic: string;
  partition: number;
  offset: string;
}

/** Version-2 leaf: the bytes, the chain facts, the head count, the archive time and the Kafka coordinates. */
export function archiveLeafV2(bytes: Buffer, f: ArchivedFactsV2): Buffer {
  const facts = [f.signer, f.chainseq, f.prevhash, f.contentHash, f.headseq, f.archivedMs, f.topic, String(f.partition), f.offset]
    .map((v) => v ?? '')
    .join('|');
  return createHash('sha256').update(LEAF).update(bytes).update(`\n${facts}`).digest();
}

/** Merkle root (RFC 6962 style: 0x00 leaves, 0x01 nodes, odd node promoted). */
export function merkleRoot(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(
        right
          ? createHash('sha256')
              .update(NODE)
              .update(level[i] as Buffer)
              .update(right)
              .digest()
          : (level[i] as Buffer),
      );
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}
