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
export function archiveLeaf(bytes: Buffer, facts: { signer: string | null; chainseq: number | null; prevhash: string | null; contentHash: string | null }): Buffer {
  return createHash('sha256')
    .update(LEAF)
    .update(bytes)
    .update(`\n${facts.signer ?? ''}|${facts.chainseq ?? ''}|${facts.prevhash ?? ''}|${facts.contentHash ?? ''}`)
    .digest();
}

/** Merkle root (RFC 6962 style: 0x00 leaves, 0x01 nodes, odd node promoted). */
export function merkleRoot(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) return createHash('sha256').digest('hex');
  let level = leaves;
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right ? createHash('sha256').update(NODE).update(level[i] as Buffer).update(right).digest() : (level[i] as Buffer));
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}
