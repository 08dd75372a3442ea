import { producerOfSource } from '@casenet/contracts';
import { CHAIN_HEAD_TYPE, chainHeadFacts } from './chain-head.js';
import type { ChainBreak } from './chain-verifier.js';
import { canonicalBytes, sha256Hex, type TrustList, withoutSignature } from './signing.js';

/**
 * What one stored message says on its own, before it is set in its chain: a break it is by
 * itself, a chain link, or a signed chain head. Plain data, so that examining (parsing,
 * canonicalising, Ed25519, hashing: nearly all of a verification's work) can run on any thread
 * while linking, which depends on stored order, stays in one place.
 */
export type ExaminedEvent =
  | { kind: 'break'; found: Omit<ChainBreak, 'position' | 'locator'> }
  | { kind: 'link'; signer: string; chainseq: number; prevhash: string; hash: string; badSignature: boolean }
  | { kind: 'head'; head: { signer: string; headseq: number; chainseq: number; hash: string } };

/** `signatureTrusted`: covered by a verified checkpoint, so its signature need not be checked again. */
export function examineEvent(bytes: Buffer, trust: TrustList, signatureTrusted = false): ExaminedEvent {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return { kind: 'break', found: { kind: 'malformed', detail: 'not JSON' } };
  }
  const signer = producerOfSource(event.source);
  if (event.type === CHAIN_HEAD_TYPE) return examineHead(event, signer, trust, signatureTrusted);
  const seq = event.chainseq;
  if (!signer || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || typeof event.prevhash !== 'string') {
    return { kind: 'break', found: { kind: 'malformed', signer, detail: 'missing source, chainseq or prevhash' } };
  }
  // One canonical form serves both the signature and the content hash the next event chains to.
  const content = canonicalBytes(withoutSignature(event));
  const signature = signatureTrusted ? undefined : trust.checkContent(content, event, signer);
  if (signature === 'unknown-signer') return unknownSigner(event, signer, { chainseq: seq });
  return { kind: 'link', signer, chainseq: seq, prevhash: event.prevhash, hash: sha256Hex(content), badSignature: signature === 'bad-signature' };
}

function examineHead(event: Record<string, unknown>, signer: string | undefined, trust: TrustList, signatureTrusted: boolean): ExaminedEvent {
  const facts = chainHeadFacts(event);
  if (!signer || !facts) return { kind: 'break', found: { kind: 'malformed', signer, detail: 'a chain head without source, headseq or head' } };
  const signature = signatureTrusted ? undefined : trust.check(event, signer);
  if (signature === 'unknown-signer') return unknownSigner(event, signer, { headseq: facts.headseq });
  if (signature === 'bad-signature') {
    // Not counted as a head: an altered head must not make the chain reach further or shorter.
    return {
      kind: 'break',
      found: { kind: 'edited', signer, headseq: facts.headseq, detail: `${signer}'s chain head #${facts.headseq} changed after signing` },
    };
  }
  return { kind: 'head', head: { signer, ...facts } };
}

function unknownSigner(event: Record<string, unknown>, signer: string, at: { chainseq: number } | { headseq: number }): ExaminedEvent {
  return { kind: 'break', found: { kind: 'unknown-signer', signer, ...at, detail: `key ${String(event.signingkey)} is not trusted for ${signer}` } };
}
