import {
  type AttestedLink,
  type AuditRecord,
  ChainVerifier,
  contentHash,
  GENESIS,
  sealChainHead,
  SigningKey,
  TrustList,
  type VerificationReport,
} from '@casenet/audit-log';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The workers are threads running the compiled worker (`npx tsc -b tsconfig.build.json` first), so
// the verifier under test is the compiled one too.
const compiled = '../../dist/verify/parallel-verifier.js';
const { ParallelVerifier } = (await import(compiled)) as typeof import('./parallel-verifier.js');

const PRODUCERS = ['schools', 'police', 'municipality'] as const;
type Producer = (typeof PRODUCERS)[number];
const NOW = Date.parse('2026-11-30T12:00:00Z');
const SEEN = NOW - 600_000;

const pairs = [...PRODUCERS.map((p) => [`${p}-1`, p]), ['intruder-1', 'schools']].map(([keyId, owner]) => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signing: new SigningKey(keyId as string, privateKey), keyId: keyId as string, owner: owner as string, publicKey };
});
const key = (keyId: string) => (pairs.find((p) => p.keyId === keyId) as (typeof pairs)[number]).signing;
const intruder = key('intruder-1');
const dir = mkdtempSync(join(tmpdir(), 'parallel-verifier-'));
const trustListFile = join(dir, 'trust.json');
const trusted = pairs.filter((p) => p.keyId !== 'intruder-1');
writeFileSync(
  trustListFile,
  JSON.stringify({ keys: trusted.map((p) => ({ keyId: p.keyId, owner: p.owner, publicKeyPem: p.publicKey.export({ type: 'spki', format: 'pem' }) })) }),
);
const trust = new TrustList(trusted);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One stored message, or what a checkpoint vouches for about one (as the archive verification feeds them). */
type Item = { record: AuditRecord; trusted?: boolean } | { attested: AttestedLink };

/** Three producers' chains, each with a signed head every 50 events, interleaved over four streams. */
function log(length: number): Item[] {
  const items: Item[] = [];
  const prev = Object.fromEntries(PRODUCERS.map((p) => [p, GENESIS])) as Record<Producer, string>;
  for (let seq = 1; seq <= length; seq += 1) {
    for (const producer of PRODUCERS) {
      const event = key(`${producer}-1`).seal(
        { id: `${producer}-${seq}`, source: `urn:casenet:${producer}`, type: 'x.y.z.v1', data: { n: seq, padding: 'p'.repeat(seq % 97) } },
        seq,
        prev[producer],
      );
      prev[producer] = contentHash(event);
      const stream = `${producer}.inbox.v1[${seq % 4}]`;
      items.push({ record: { locator: `${producer}#${seq}`, stream, bytes: Buffer.from(JSON.stringify(event)), seenAt: SEEN } });
      if (seq % 50 === 0 || seq === length) {
        const head = sealChainHead(key(`${producer}-1`), producer, Math.ceil(seq / 50), seq, prev[producer], new Date(SEEN).toISOString());
        items.push({ record: { locator: `${producer} head @${seq}`, stream: 'heads[0]', bytes: Buffer.from(JSON.stringify(head)), seenAt: SEEN } });
      }
    }
  }
  return items;
}

const at = (items: Item[], locator: string) => items.findIndex((i) => 'record' in i && i.record.locator === locator);
const recordAt = (items: Item[], locator: string) => (items[at(items, locator)] as { record: AuditRecord }).record;
const parsed = (record: AuditRecord) => JSON.parse(record.bytes.toString()) as Record<string, unknown>;
const withBytes = (record: AuditRecord, value: unknown): AuditRecord => ({
  ...record,
  bytes: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
});

/** Every way a log is tampered with that the verifiers tell apart, each applied at `locator`. */
const TAMPERINGS = {
  edited: (items: Item[], locator: string) => {
    const record = recordAt(items, locator);
    items[at(items, locator)] = { record: withBytes(record, record.bytes.toString().replace('"x.y.z.v1"', '"x.y.z.v2"')) };
  },
  deleted: (items: Item[], locator: string) => void items.splice(at(items, locator), 1),
  reordered: (items: Item[], locator: string) => {
    const here = at(items, locator);
    const record = recordAt(items, locator);
    const later = items.findIndex((i, n) => n > here && 'record' in i && i.record.stream === record.stream);
    if (later > 0) [items[here], items[later]] = [items[later] as Item, { record }];
  },
  duplicated: (items: Item[], locator: string) => void items.splice(at(items, locator) + 7, 0, { record: recordAt(items, locator) }),
  forged: (items: Item[], locator: string) => {
    const { chainseq, prevhash, signingkey, signature: _s, ...rest } = parsed(recordAt(items, locator));
    const forged = { ...intruder.seal(rest, chainseq as number, prevhash as string), signingkey };
    items[at(items, locator)] = { record: withBytes(recordAt(items, locator), forged) };
  },
  'unknown-signer': (items: Item[], locator: string) => {
    const { chainseq, prevhash, signingkey: _k, signature: _s, ...rest } = parsed(recordAt(items, locator));
    items[at(items, locator)] = { record: withBytes(recordAt(items, locator), intruder.seal(rest, chainseq as number, prevhash as string)) };
  },
  'second content': (items: Item[], locator: string) => {
    const record = recordAt(items, locator);
    const { chainseq, prevhash, signingkey, signature: _s, ...rest } = parsed(record);
    const other = key(signingkey as string).seal({ ...rest, data: { other: true } }, chainseq as number, prevhash as string);
    items.splice(at(items, locator) + 3, 0, { record: withBytes(record, other) });
  },
  malformed: (items: Item[], locator: string) => {
    items.splice(at(items, locator), 0, { record: { locator: 'junk', stream: 'schools.inbox.v1[0]', bytes: Buffer.from('{"not json') } });
  },
  'altered head': (items: Item[], locator: string) => {
    const head = items.findIndex((i, n) => n > at(items, locator) && 'record' in i && i.record.locator.includes(' head @'));
    if (head < 0) return;
    const record = (items[head] as { record: AuditRecord }).record;
    const value = parsed(record) as { head: { chainseq: number } };
    value.head.chainseq += 1;
    items[head] = { record: withBytes(record, value) };
  },
  attested: (items: Item[], locator: string) => {
    const record = recordAt(items, locator);
    const event = parsed(record) as { chainseq: number; prevhash: string; source: string };
    const signer = event.source.replace('urn:casenet:', '');
    items[at(items, locator)] = {
      attested: { locator, stream: record.stream, signer, chainseq: event.chainseq, prevhash: event.prevhash, contentHash: contentHash(event), seenAt: SEEN },
    };
  },
  trusted: (items: Item[], locator: string) => void (items[at(items, locator)] = { record: recordAt(items, locator), trusted: true }),
} satisfies Record<string, (items: Item[], locator: string) => void>;

function sequential(items: Item[], graceMs: number): VerificationReport {
  const verifier = new ChainVerifier(trust, { now: NOW, pendingGraceMs: graceMs });
  for (const item of items) {
    if ('attested' in item) verifier.addAttested(item.attested);
    else verifier.add(item.record, item.trusted);
  }
  return verifier.finish();
}

async function parallel(items: Item[], graceMs: number, threads: number): Promise<VerificationReport> {
  const verifier = new ParallelVerifier(trustListFile, threads, { now: NOW, pendingGraceMs: graceMs });
  for (const [n, item] of items.entries()) {
    if ('attested' in item) verifier.addAttested(item.attested);
    else verifier.add(item.record, item.trusted);
    if (n % 700 === 0) await verifier.drained();
  }
  return verifier.finish();
}

describe('parallel verification', () => {
  it('reports every kind of tampering exactly as one ChainVerifier does, whichever worker examined it', async () => {
    const items = log(400);
    const planted: [keyof typeof TAMPERINGS, string][] = [
      ['edited', 'schools#30'],
      ['deleted', 'police#77'],
      ['reordered', 'municipality#120'],
      ['duplicated', 'schools#150'],
      ['forged', 'schools#210'],
      ['unknown-signer', 'schools#260'],
      ['second content', 'police#300'],
      ['malformed', 'municipality#333'],
      ['altered head', 'police#340'],
      ['attested', 'municipality#10'],
      ['trusted', 'police#11'],
    ];
    for (const [tamper, locator] of planted) TAMPERINGS[tamper](items, locator);
    const expected = sequential(items, 60_000);
    expect(new Set(expected.breaks.map((b) => b.kind))).toEqual(new Set(['edited', 'deleted', 'reordered', 'forged', 'unknown-signer', 'malformed']));
    expect(expected.breaks.length).toBeGreaterThanOrEqual(8);
    for (const threads of [1, 2, 3]) expect(await parallel(items, 60_000, threads)).toEqual(expected);
  }, 60_000);

  it('agrees with one ChainVerifier on any mix of tamperings, pending gaps included', async () => {
    const base = log(250);
    const locators = base.flatMap((i) => ('record' in i && !i.record.locator.includes('head') ? [i.record.locator] : []));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...(Object.keys(TAMPERINGS) as (keyof typeof TAMPERINGS)[])), fc.constantFrom(...locators)), { maxLength: 6 }),
        fc.constantFrom(0, 3_600_000),
        async (tamperings, graceMs) => {
          const items = [...base];
          for (const [tamper, locator] of tamperings) if (at(items, locator) >= 0) TAMPERINGS[tamper](items, locator);
          expect(await parallel(items, graceMs, 2)).toEqual(sequential(items, graceMs));
        },
      ),
      { numRuns: 10 },
    );
  }, 120_000);
});
