import { canonicalBytes, type SigningKey } from './signing.js';

export const CHAIN_HEAD_TYPE = 'casenet.chain.head.v1' as const;

/**
 * A producer's signed statement of how far its chain reaches: event `chainseq`, whose content
 * hash is `hash`. Heads are counted (`headseq` from 1, no gaps), so a deleted head is itself a
 * gap. They carry no `id` and no `chainseq` of their own: they are not events of the chain.
 */
export interface ChainHead {
  type: typeof CHAIN_HEAD_TYPE;
  source: string;
  headseq: number;
  head: { chainseq: number; hash: string };
  time: string;
  signingkey: string;
  signature: string;
}

export function sealChainHead(key: SigningKey, producer: string, headseq: number, chainseq: number, hash: string, time: string): ChainHead {
  const unsigned = { type: CHAIN_HEAD_TYPE, source: `urn:casenet:${producer}`, headseq, head: { chainseq, hash }, time, signingkey: key.keyId };
  return { ...unsigned, signature: key.sign(canonicalBytes(unsigned)) };
}

/** The head's facts when the parsed value is a well-formed chain head, else undefined. */
export function chainHeadFacts(value: Record<string, unknown>): { headseq: number; chainseq: number; hash: string } | undefined {
  if (value.type !== CHAIN_HEAD_TYPE) return undefined;
  const head = value.head as { chainseq?: unknown; hash?: unknown } | undefined;
  const whole = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1;
  if (!whole(value.headseq) || !head || !whole(head.chainseq) || typeof head.hash !== 'string') return undefined;
  return { headseq: value.headseq, chainseq: head.chainseq, hash: head.hash };
}
