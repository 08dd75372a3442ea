import { producerOfSource } from '@casenet/contracts';
import { contentHash, GENESIS, type TrustList } from './signing.js';

export type BreakKind = 'edited' | 'deleted' | 'reordered' | 'forged' | 'unknown-signer' | 'malformed';

export interface AuditRecord {
  /** Where it was read: `archive #123` or `topic police.inbox.v1[2]@17`. */
  locator: string;
  /** Messages of one stream keep their order (a topic partition). */
  stream: string;
  bytes: Buffer;
}

/** What an audit checkpoint vouches for about one archived message. */
export interface AttestedLink {
  locator: string;
  stream: string;
  signer: string;
  chainseq: number;
  prevhash: string;
  contentHash: string;
}

export interface ChainBreak {
  kind: BreakKind;
  /** Position in stored order (0-based): the earliest break is the first broken link. */
  position: number;
  locator: string;
  signer?: string;
  chainseq?: number;
  detail: string;
}

export interface VerificationReport {
  intact: boolean;
  checked: number;
  /** Events per producer chain, and the last position seen. */
  chains: Record<string, { events: number; lastSeq: number }>;
  /** Every break found, earliest stored position first; the first is the one to look at. */
  breaks: ChainBreak[];
}

interface Link {
  index: number;
  locator: string;
  hash: string;
  prevhash: string;
  badSignature: boolean;
}

/**
 * Checks producers' hash chains and signatures over messages in stored order. Feed records
 * with `add` (streaming, so millions fit), then `finish`. Kinds: `unknown-signer` (key not in
 * the trust list for that producer), `edited` (content changed: signature fails and the chain no
 * longer links), `forged` (content intact, signature not the producer's), `deleted` (a position
 * missing from a chain), `reordered` (a chain going backwards within a stream).
 */
export class ChainVerifier {
  private index = 0;
  private checked = 0;
  private readonly found: ChainBreak[] = [];
  private readonly links = new Map<string, Map<number, Link>>();
  private readonly streamHeads = new Map<string, number>();

  constructor(private readonly trust: TrustList) {}

  /** `signatureTrusted`: covered by a verified checkpoint, so its signature need not be checked again. */
  add(record: AuditRecord, signatureTrusted = false, position?: number): void {
    const at = position ?? this.index++;
    this.checked += 1;
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(record.bytes.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.report(at, { kind: 'malformed', locator: record.locator, detail: 'not JSON' });
    }
    const signer = producerOfSource(event.source);
    const seq = event.chainseq;
    if (!signer || typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || typeof event.prevhash !== 'string') {
      return this.report(at, { kind: 'malformed', locator: record.locator, signer, detail: 'missing source, chainseq or prevhash' });
    }
    const signature = signatureTrusted ? undefined : this.trust.check(event, signer);
    if (signature === 'unknown-signer') {
      return this.report(at, { kind: 'unknown-signer', locator: record.locator, signer, chainseq: seq, detail: `key ${String(event.signingkey)} is not trusted for ${signer}` });
    }
    this.link(signer, seq, record.stream, { index: at, locator: record.locator, hash: contentHash(event), prevhash: event.prevhash, badSignature: signature === 'bad-signature' });
  }

  /**
   * A message whose chain facts (producer, position, hashes) an intact, signed audit checkpoint
   * vouches for: chain continuity and order are checked as for any message, without re-parsing
   * or re-checking its signature.
   */
  addAttested(fact: AttestedLink, position?: number): void {
    const at = position ?? this.index++;
    this.checked += 1;
    this.link(fact.signer, fact.chainseq, fact.stream, { index: at, locator: fact.locator, hash: fact.contentHash, prevhash: fact.prevhash, badSignature: false });
  }

  private link(signer: string, seq: number, stream: string, link: Link): void {
    const at = link.index;
    const chain = this.links.get(signer) ?? new Map<number, Link>();
    this.links.set(signer, chain);
    const earlier = chain.get(seq);
    if (earlier?.hash === link.hash) return; // the same event delivered twice is no break
    if (earlier) {
      this.report(at, { kind: 'forged', locator: link.locator, signer, chainseq: seq, detail: `a second, different ${signer} #${seq} (first at ${earlier.locator})` });
      return;
    }
    const streamKey = `${signer}|${stream}`;
    const head = this.streamHeads.get(streamKey) ?? 0;
    if (seq <= head) {
      this.report(at, { kind: 'reordered', locator: link.locator, signer, chainseq: seq, detail: `${signer} #${seq} comes after #${head} in ${stream}` });
    }
    this.streamHeads.set(streamKey, Math.max(head, seq));
    chain.set(seq, link);
  }

  finish(): VerificationReport {
    const chains: VerificationReport['chains'] = {};
    for (const [signer, chain] of this.links) {
      const seqs = [...chain.keys()].sort((a, b) => a - b);
      const last = seqs[seqs.length - 1] ?? 0;
      chains[signer] = { events: chain.size, lastSeq: last };
      for (let seq = 1; seq <= last; seq += 1) {
        const link = chain.get(seq);
        if (!link) {
          const next = seqs.find((s) => s > seq) as number;
          const after = chain.get(next) as Link;
          this.report(after.index, { kind: 'deleted', locator: after.locator, signer, chainseq: seq, detail: `${signer} #${seq} is missing before #${next}` });
          continue;
        }
        const successor = chain.get(seq + 1);
        const linksOn = successor ? successor.prevhash === link.hash : undefined;
        if (link.badSignature) {
          const kind = linksOn === true ? 'forged' : 'edited';
          this.report(link.index, {
            kind,
            locator: link.locator,
            signer,
            chainseq: seq,
            detail: kind === 'forged' ? `${signer} #${seq}: content intact, signature not by ${signer}` : `${signer} #${seq}: content changed after signing`,
          });
        } else if (seq === 1 && link.prevhash !== GENESIS) {
          this.report(link.index, { kind: 'edited', locator: link.locator, signer, chainseq: seq, detail: `${signer} #1 does not start from the genesis hash` });
        } else if (linksOn === false && !successor?.badSignature) {
          const next = successor as Link;
          this.report(next.index, { kind: 'forged', locator: next.locator, signer, chainseq: seq + 1, detail: `${signer} #${seq + 1} is signed but does not link to #${seq}` });
        }
      }
    }
    return mergeReports([{ intact: true, checked: this.checked, chains, breaks: this.found }]);
  }

  private report(at: number, found: Omit<ChainBreak, 'position'>): void {
    this.found.push({ ...found, position: at });
  }
}

/** Reports of verifiers that each saw whole chains (e.g. one per worker), as one report. */
export function mergeReports(reports: readonly VerificationReport[]): VerificationReport {
  const chains: VerificationReport['chains'] = {};
  for (const report of reports) Object.assign(chains, report.chains);
  const breaks = reports.flatMap((r) => r.breaks).sort((a, b) => a.position - b.position);
  return { intact: breaks.length === 0, checked: reports.reduce((n, r) => n + r.checked, 0), chains, breaks };
}

/** The producer named in an event's bytes, found without parsing the whole event. */
export function producerOf(bytes: Buffer): string {
  const marker = bytes.indexOf('"source":"urn:casenet:');
  if (marker < 0) return '';
  const start = marker + 22;
  const end = bytes.indexOf('"', start);
  return end > start ? bytes.toString('utf8', start, end) : '';
}
