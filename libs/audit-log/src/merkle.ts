import { createHash } from 'node:crypto';

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();

/** Leaf of an archived message: the hash of its bytes exactly as stored (signature included). */
export function leafHash(bytes: Buffer): Buffer {
  return sha256(Buffer.from([0]), bytes);
}

/** Merkle root (RFC 6962 style: 0x00 leaves, 0x01 nodes, odd node promoted). */
export function merkleRoot(leaves: readonly Buffer[]): string {
  if (leaves.length === 0) return sha256().toString('hex');
  let level = [...leaves];
  while (level.length > 1) {
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      const right = level[i + 1];
      next.push(right ? sha256(Buffer.from([1]), level[i] as Buffer, right) : (level[i] as Buffer));
    }
    level = next;
  }
  return (level[0] as Buffer).toString('hex');
}

/**
 * Leaf of an archived event: its bytes as stored, and the chain facts the archiver read from
 * them, so a checkpoint vouches for both and verification can trust the facts without re-parsing.
 */
export function archiveLeaf(bytes: Buffer, facts: { signer: string | null; chainseq: number | null; prevhash: string | null; contentHash: string | null }): Buffer {
  return leafHash(Buffer.concat([bytes, Buffer.from(`\n${facts.signer ?? ''}|${facts.chainseq ?? ''}|${facts.prevhash ?? ''}|${facts.contentHash ?? ''}`)]));
}
