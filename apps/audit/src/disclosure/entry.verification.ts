import { type ChainBreak, contentHash, type TrustList } from '@casenet/audit-log';
import { producerOfSource } from '@casenet/contracts';

export interface EntryVerification {
  verified: boolean;
  /** Why not, in words; empty when verified. */
  problems: string[];
}

/**
 * One archived event checked on its own and against the archive's verification: its producer's
 * signature over its content (trust list), the hash the archiver recorded when it arrived, and
 * whether the chain verification or the archive's conflicts name its chain position. Any one of
 * these failing means what the record says about this disclosure cannot be relied on.
 */
export function verifyEntry(
  event: Record<string, unknown>,
  archivedHash: string | null,
  trust: TrustList,
  breaks: readonly ChainBreak[],
  conflictingIdentities: ReadonlySet<string>,
): EntryVerification {
  const problems: string[] = [];
  const signer = producerOfSource(event.source);
  const seq = event.chainseq;
  if (!signer || typeof seq !== 'number') return { verified: false, problems: ['it names no producer or chain position: not a signed event'] };
  const signature = trust.check(event, signer);
  if (signature === 'unknown-signer') problems.push(`it is signed with key ${String(event.signingkey)}, which the trust list does not hold for ${signer}`);
  if (signature === 'bad-signature') problems.push(`${signer}'s signature does not match its content: it was changed after signing`);
  if (archivedHash !== null && contentHash(event) !== archivedHash) problems.push('its content differs from the hash recorded when it was archived');
  for (const b of breaks) {
    if (b.signer === signer && b.chainseq === seq && b.headseq === undefined) problems.push(`chain verification: ${b.kind}: ${b.detail}`);
  }
  if (conflictingIdentities.has(`${signer}#${seq}`)) problems.push('a second, different content was archived under the same producer and chain position');
  return { verified: problems.length === 0, problems: [...new Set(problems)] };
}
