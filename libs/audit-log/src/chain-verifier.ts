import { type ExaminedEvent, examineEvent } from './event-examiner.js';
import { GENESIS, type TrustList } from './signing.js';

/** `conflict`: two different contents archived under one event identity; `checkpoint`: a signed checkpoint no longer holds. */
export type BreakKind = 'edited' | 'deleted' | 'reordered' | 'forged' | 'unknown-signer' | 'malformed' | 'conflict' | 'checkpoint';

/**
 * How long a position known to exist (a later event or a signed head names it) may be missing
 * before it counts as deleted: the time an event may spend between its producer and the place it
 * is read (topics are consumed at different speeds). Younger gaps are reported as pending.
 */
export const DEFAULT_PENDING_GRACE_MS = 30_000;

export interface VerifierOptions {
  /** The verification's clock (ms since the epoch). */
  now?: number;
  pendingGraceMs?: number;
}

export interface AuditRecord {
  /** Where it was read: `archive #123` or `topic police.inbox.v1[2]@17`. */
  locator: string;
  /** Messages of one stream keep their order (a topic partition). */
  stream: string;
  bytes: Buffer;
  /** When it reached the place it is read from (archived, or appended to the topic), ms since the epoch. */
  seenAt?: number;
}

/** What an audit checkpoint vouches for about one archived message. */
export interface AttestedLink {
  locator: string;
  stream: string;
  signer: string;
  chainseq: number;
  prevhash: string;
  contentHash: string;
  seenAt?: number;
}

/** What an audit checkpoint vouches for about one archived chain head. */
export interface AttestedHead {
  locator: string;
  signer: string;
  headseq: number;
  chainseq: number;
  hash: string;
  seenAt?: number;
}

export interface ChainBreak {
  kind: BreakKind;
  /** Position in stored order (0-based): the earliest break is the first broken link. */
  position: number;
  locator: string;
  signer?: string;
  chainseq?: number;
  /** Set when the broken link is a chain head. */
  headseq?: number;
  detail: string;
}

/** A position a later event or a signed head says exists, not read yet but younger than the grace window. */
export interface PendingLink {
  signer: string;
  chainseq: number;
  /** What says it exists. */
  locator: string;
  since: string;
}

export interface VerificationReport {
  intact: boolean;
  checked: number;
  /**
   * Per producer chain: events read, the last position read, how many signed heads were read and
   * how far the newest of them says the chain reaches.
   */
  chains: Record<string, { events: number; lastSeq: number; heads: number; signedThrough: number }>;
  /** Every break found, earliest stored position first; the first is the one to look at. */
  breaks: ChainBreak[];
  /** Positions in flight: known to exist, not read yet, younger than the grace window. Not breaks. */
  pending: PendingLink[];
}

interface Link {
  index: number;
  locator: string;
  hash: string;
  prevhash: string;
  badSignature: boolean;
  seenAt?: number;
}

interface HeadLink {
  index: number;
  locator: string;
  chainseq: number;
  hash: string;
  seenAt?: number;
}

/**
 * Checks producers' hash chains and signatures over messages in stored order. Feed records
 * with `add` (streaming, so millions fit), then `finish`. Kinds: `unknown-signer` (key not in
 * the trust list for that producer), `edited` (content changed: signature fails and the chain no
 * longer links), `forged` (content intact, signature not the producer's), `deleted` (a position
 * missing from a chain, or a signed chain head missing), `reordered` (a chain going backwards
 * within a stream). Signed chain heads say how far each chain reaches, so a missing tail is a
 * gap like any other; a gap younger than the grace window is `pending`, not a break.
 */
export class ChainVerifier {
  private index = 0;
  private checked = 0;
  private readonly found: ChainBreak[] = [];
  private readonly links = new Map<string, Map<number, Link>>();
  private readonly heads = new Map<string, Map<number, HeadLink>>();
  private readonly streamHeads = new Map<string, number>();
  private readonly cut: number;

  constructor(
    private readonly trust: TrustList,
    options: VerifierOptions = {},
  ) {
    // Wall clock by default: pending positions are judged against when they really should have arrived.
    this.cut = (options.now ?? Date.now()) - (options.pendingGraceMs ?? DEFAULT_PENDING_GRACE_MS);
  }

  /** `signatureTrusted`: covered by a verified checkpoint, so its signature need not be checked again. */
  add(record: AuditRecord, signatureTrusted = false, position?: number): void {
    this.addExamined(examineEvent(record.bytes, this.trust, signatureTrusted), record, position);
  }

  /**
   * The order-dependent half of `add`: links what `examineEvent` found in one message (possibly on
   * another thread) into its chain. Examined messages must come in stored order, like `add`'s.
   */
  addExamined(examined: ExaminedEvent, where: Omit<AuditRecord, 'bytes'>, position?: number): void {
    const at = position ?? this.index++;
    this.checked += 1;
    switch (examined.kind) {
      case 'break': {
        const { kind, ...rest } = examined.found;
        return this.report(at, { kind, locator: where.locator, ...rest });
      }
      case 'head':
        return this.addAttestedHead({ ...examined.head, locator: where.locator, seenAt: where.seenAt }, at, false);
      case 'link':
        return this.link(examined.signer, examined.chainseq, where.stream, {
          index: at,
          locator: where.locator,
          hash: examined.hash,
          prevhash: examined.prevhash,
          badSignature: examined.badSignature,
          seenAt: where.seenAt,
        });
    }
  }

  /**
   * A message whose chain facts (producer, position, hashes) an intact, signed audit checkpoint
   * vouches for: chain continuity and order are checked as for any message, without re-parsing
   * or re-checking its signature.
   */
  addAttested(fact: AttestedLink, position?: number): void {
    const at = position ?? this.index++;
    this.checked += 1;
    this.link(fact.signer, fact.chainseq, fact.stream, {
      index: at,
      locator: fact.locator,
      hash: fact.contentHash,
      prevhash: fact.prevhash,
      badSignature: false,
      seenAt: fact.seenAt,
    });
  }

  /** A signed chain head, read from a checkpointed range (or already checked by `add`). */
  addAttestedHead(fact: AttestedHead, position?: number, count = true): void {
    const at = position ?? this.index++;
    if (count) this.checked += 1;
    const heads = this.heads.get(fact.signer) ?? new Map<number, HeadLink>();
    this.heads.set(fact.signer, heads);
    const earlier = heads.get(fact.headseq);
    if (earlier && earlier.chainseq === fact.chainseq && earlier.hash === fact.hash) return; // delivered twice
    if (earlier) {
      return this.report(at, {
        kind: 'forged',
        locator: fact.locator,
        signer: fact.signer,
        headseq: fact.headseq,
        detail: `a second, different ${fact.signer} chain head #${fact.headseq} (first at ${earlier.locator})`,
      });
    }
    heads.set(fact.headseq, { index: at, locator: fact.locator, chainseq: fact.chainseq, hash: fact.hash, seenAt: fact.seenAt });
  }

  private link(signer: string, seq: number, stream: string, link: Link): void {
    const at = link.index;
    const chain = this.links.get(signer) ?? new Map<number, Link>();
    this.links.set(signer, chain);
    const earlier = chain.get(seq);
    if (earlier?.hash === link.hash) return; // the same event delivered twice is no break
    if (earlier) {
      this.report(at, {
        kind: 'forged',
        locator: link.locator,
        signer,
        chainseq: seq,
        detail: `a second, different ${signer} #${seq} (first at ${earlier.locator})`,
      });
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
    const pending: PendingLink[] = [];
    for (const signer of new Set([...this.links.keys(), ...this.heads.keys()])) {
      const chain = this.links.get(signer) ?? new Map<number, Link>();
      const heads = [...(this.heads.get(signer) ?? new Map<number, HeadLink>())].sort(([a], [b]) => a - b);
      const seqs = [...chain.keys()].sort((a, b) => a - b);
      const last = seqs[seqs.length - 1] ?? 0;
      const signedThrough = heads.reduce((n, [, h]) => Math.max(n, h.chainseq), 0);
      chains[signer] = { events: chain.size, lastSeq: last, heads: heads.length, signedThrough };
      this.checkHeads(signer, heads, chain);
      let next = 0; // index into seqs of the first present position after the one being checked
      let covering = 0; // index into heads of the first head reaching the one being checked
      for (let seq = 1; seq <= Math.max(last, signedThrough); seq += 1) {
        while (next < seqs.length && (seqs[next] as number) <= seq) next += 1;
        while (covering < heads.length && (heads[covering] as [number, HeadLink])[1].chainseq < seq) covering += 1;
        const link = chain.get(seq);
        if (!link) {
          this.missing(signer, seq, chain.get(seqs[next] as number), heads[covering]?.[1], pending);
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
          this.report(link.index, {
            kind: 'edited',
            locator: link.locator,
            signer,
            chainseq: seq,
            detail: `${signer} #1 does not start from the genesis hash`,
          });
        } else if (linksOn === false && !successor?.badSignature) {
          const next = successor as Link;
          this.report(next.index, {
            kind: 'forged',
            locator: next.locator,
            signer,
            chainseq: seq + 1,
            detail: `${signer} #${seq + 1} is signed but does not link to #${seq}`,
          });
        }
      }
    }
    return mergeReports([{ intact: true, checked: this.checked, chains, breaks: this.found, pending }]);
  }

  /**
   * A position that a later event or a signed head says exists. Deleted, unless everything that
   * names it was seen within the grace window: then it may still be on its way (pending).
   */
  private missing(signer: string, seq: number, after: Link | undefined, head: HeadLink | undefined, pending: PendingLink[]): void {
    const evidence = [after, head].filter((e): e is Link | HeadLink => e !== undefined).sort((a, b) => a.index - b.index);
    const first = evidence[0] as Link | HeadLink;
    const seenFirst = Math.min(...evidence.map((e) => e.seenAt ?? -Infinity));
    if (seenFirst > this.cut) {
      pending.push({ signer, chainseq: seq, locator: first.locator, since: new Date(seenFirst).toISOString() });
      return;
    }
    const detail = after
      ? `${signer} #${seq} is missing before ${after.locator}`
      : `${signer} #${seq} is missing: its signed chain head (${(head as HeadLink).locator}) reaches #${(head as HeadLink).chainseq}`;
    this.report(first.index, { kind: 'deleted', locator: first.locator, signer, chainseq: seq, detail });
  }

  /** Heads are counted from 1: a missing one was deleted. A head must name the event the chain holds. */
  private checkHeads(signer: string, heads: [number, HeadLink][], chain: Map<number, Link>): void {
    let expected = 1;
    for (const [headseq, head] of heads) {
      for (; expected < headseq; expected += 1) {
        this.report(head.index, {
          kind: 'deleted',
          locator: head.locator,
          signer,
          headseq: expected,
          detail: `${signer}'s chain head #${expected} is missing before #${headseq}`,
        });
      }
      expected = headseq + 1;
      const event = chain.get(head.chainseq);
      if (event && !event.badSignature && event.hash !== head.hash) {
        this.report(event.index, {
          kind: 'forged',
          locator: event.locator,
          signer,
          chainseq: head.chainseq,
          detail: `${signer} #${head.chainseq} is not the event its chain head #${headseq} signed (${head.locator})`,
        });
      }
    }
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
  const pending = reports.flatMap((r) => r.pending ?? []);
  return { intact: breaks.length === 0, checked: reports.reduce((n, r) => n + r.checked, 0), chains, breaks, pending };
}

/** The producer named in an event's bytes, found without parsing the whole event. */
export function producerOf(bytes: Buffer): string {
  const marker = bytes.indexOf('"source":"urn:casenet:');
  if (marker < 0) return '';
  const start = marker + 22;
  const end = bytes.indexOf('"', start);
  return end > start ? bytes.toString('utf8', start, end) : '';
}
