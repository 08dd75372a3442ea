import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { sealChainHead } from './chain-head.js';
import { type AuditRecord, ChainVerifier } from './chain-verifier.js';
import { contentHash, GENESIS, SigningKey, TrustList } from './signing.js';

function keyPair(keyId: string, owner: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signing: new SigningKey(keyId, privateKey), trusted: { keyId, owner, publicKey } };
}

const schools = keyPair('schools-1', 'schools');
const police = keyPair('police-1', 'police');
const intruder = keyPair('intruder-1', 'schools');
const trust = new TrustList([schools.trusted, police.trusted]);

/** A chain of `n` signed events by one producer, each on the given stream. */
function chain(key: SigningKey, producer: string, n: number, stream = `${producer}-topic[0]`): AuditRecord[] {
  let prev = GENESIS;
  return Array.from({ length: n }, (_, i) => {
    const event = key.seal({ id: `${producer}-${i + 1}`, source: `urn:casenet:${producer}`, type: 'x.y.z.v1', data: { n: i + 1 } }, i + 1, prev);
    prev = contentHash(event);
    return { locator: `${producer}#${i + 1}`, stream, bytes: Buffer.from(JSON.stringify(event)) };
  });
}

function verify(records: AuditRecord[]) {
  const verifier = new ChainVerifier(trust);
  records.forEach((r) => verifier.add(r));
  return verifier.finish();
}

describe('chain verification', () => {
  it('accepts intact, interleaved chains and duplicate deliveries', () => {
    const a = chain(schools.signing, 'schools', 5);
    const b = chain(police.signing, 'police', 3);
    const report = verify([a[0], b[0], a[1], a[1], b[1], a[2], a[3], b[2], a[4]] as AuditRecord[]);
    expect(report).toMatchObject({ intact: true, checked: 9, chains: { schools: { events: 5, lastSeq: 5 }, police: { events: 3, lastSeq: 3 } } });
  });

  it('locates one changed byte as an edit', () => {
    const records = chain(schools.signing, 'schools', 4);
    const target = records[1] as AuditRecord;
    target.bytes = Buffer.from(target.bytes.toString().replace('"n":2', '"n":7'));
    expect(verify(records).breaks[0]).toMatchObject({ kind: 'edited', locator: 'schools#2', chainseq: 2 });
  });

  it('locates a deleted event', () => {
    const records = chain(schools.signing, 'schools', 5);
    records.splice(2, 1);
    expect(verify(records).breaks).toEqual([expect.objectContaining({ kind: 'deleted', locator: 'schools#4', chainseq: 3 })]);
  });

  it('locates two swapped events', () => {
    const records = chain(schools.signing, 'schools', 5);
    [records[1], records[2]] = [records[2] as AuditRecord, records[1] as AuditRecord];
    expect(verify(records).breaks[0]).toMatchObject({ kind: 'reordered', locator: 'schools#2', chainseq: 2 });
  });

  it('names a signature by a key outside the trust list', () => {
    const records = chain(schools.signing, 'schools', 3);
    const original = JSON.parse((records[1] as AuditRecord).bytes.toString()) as Record<string, unknown>;
    const { chainseq, prevhash, signingkey: _k, signature: _s, ...rest } = original;
    const resigned = intruder.signing.seal(rest, chainseq as number, prevhash as string);
    (records[1] as AuditRecord).bytes = Buffer.from(JSON.stringify(resigned));
    expect(verify(records).breaks[0]).toMatchObject({ kind: 'unknown-signer', locator: 'schools#2' });
  });

  it('calls a replaced signature over intact content a forgery', () => {
    const records = chain(schools.signing, 'schools', 3);
    const original = JSON.parse((records[1] as AuditRecord).bytes.toString()) as Record<string, unknown>;
    const { chainseq, prevhash, signingkey: _k, signature: _s, ...rest } = original;
    const forged = { ...intruder.signing.seal(rest, chainseq as number, prevhash as string), signingkey: 'schools-1' };
    (records[1] as AuditRecord).bytes = Buffer.from(JSON.stringify(forged));
    expect(verify(records).breaks[0]).toMatchObject({ kind: 'forged', locator: 'schools#2' });
  });

  it('links attested facts and checked events into one chain, and still finds a gap between them', () => {
    const records = chain(schools.signing, 'schools', 5);
    const facts = (r: AuditRecord) => {
      const e = JSON.parse(r.bytes.toString()) as { chainseq: number; prevhash: string };
      return { locator: r.locator, stream: r.stream, signer: 'schools', chainseq: e.chainseq, prevhash: e.prevhash, contentHash: contentHash(e) };
    };
    const whole = new ChainVerifier(trust);
    records.slice(0, 3).forEach((r) => whole.addAttested(facts(r)));
    records.slice(3).forEach((r) => whole.add(r));
    expect(whole.finish()).toMatchObject({ intact: true, checked: 5 });

    const gap = new ChainVerifier(trust);
    [records[0], records[1]].forEach((r) => gap.addAttested(facts(r as AuditRecord)));
    records.slice(3).forEach((r) => gap.add(r));
    expect(gap.finish().breaks).toEqual([expect.objectContaining({ kind: 'deleted', chainseq: 3, locator: 'schools#4' })]);
  });

  it('refuses a key trusted for another producer', () => {
    const records = chain(police.signing, 'schools', 2);
    expect(verify(records).breaks[0]).toMatchObject({ kind: 'unknown-signer' });
  });

  describe('signed chain heads', () => {
    const NOW = Date.parse('2026-11-30T12:00:00Z');
    const MINUTE = 60_000;
    /** A producer's chain with a signed head after every `every` events, all seen `age` ms before NOW. */
    function withHeads(key: SigningKey, producer: string, n: number, every: number, age = 10 * MINUTE): AuditRecord[] {
      const events = chain(key, producer, n);
      const out: AuditRecord[] = [];
      let headseq = 0;
      events.forEach((record, i) => {
        out.push({ ...record, seenAt: NOW - age });
        if ((i + 1) % every === 0 || i === n - 1) {
          headseq += 1;
          const head = sealChainHead(
            key,
            producer,
            headseq,
            i + 1,
            contentHash(JSON.parse(record.bytes.toString()) as object),
            new Date(NOW - age).toISOString(),
          );
          out.push({ locator: `${producer} head #${headseq}`, stream: 'heads[0]', bytes: Buffer.from(JSON.stringify(head)), seenAt: NOW - age });
        }
      });
      return out;
    }
    const run = (records: AuditRecord[], graceMs = MINUTE) => {
      const verifier = new ChainVerifier(trust, { now: NOW, pendingGraceMs: graceMs });
      records.forEach((r) => verifier.add(r));
      return verifier.finish();
    };
    const isHead = (r: AuditRecord) => r.locator.includes(' head #');
    const twoChains = fc.record({ schools: fc.integer({ min: 1, max: 12 }), police: fc.integer({ min: 1, max: 12 }), every: fc.integer({ min: 1, max: 4 }) });

    it('accepts intact chains whose heads are all satisfied', () => {
      fc.assert(
        fc.property(twoChains, ({ schools: s, police: p, every }) => {
          const report = run([...withHeads(schools.signing, 'schools', s, every), ...withHeads(police.signing, 'police', p, every)]);
          expect(report).toMatchObject({
            intact: true,
            breaks: [],
            pending: [],
            chains: { schools: { lastSeq: s, signedThrough: s }, police: { lastSeq: p, signedThrough: p } },
          });
        }),
      );
    });

    it('finds any deleted tail of any chain, down to its newest event, as deleted', () => {
      fc.assert(
        fc.property(twoChains, fc.constantFrom('schools', 'police'), fc.integer({ min: 1, max: 12 }), ({ schools: s, police: p, every }, victim, cut) => {
          const records = [...withHeads(schools.signing, 'schools', s, every), ...withHeads(police.signing, 'police', p, every)];
          const length = victim === 'schools' ? s : p;
          const drop = Math.min(cut, length); // the newest `drop` events of the victim's chain
          const kept = records.filter((r) => !(r.locator.startsWith(`${victim}#`) && Number(r.locator.split('#')[1]) > length - drop));
          const report = run(kept);
          expect(report.intact).toBe(false);
          expect(report.breaks.map((b) => [b.kind, b.signer, b.chainseq])).toEqual(
            Array.from({ length: drop }, (_, i) => ['deleted', victim, length - drop + i + 1]),
          );
        }),
      );
    });

    it('finds any deleted head but the newest by the gap in the head count', () => {
      fc.assert(
        fc.property(fc.integer({ min: 3, max: 12 }), fc.nat(), (n, pick) => {
          const records = withHeads(schools.signing, 'schools', n, 1);
          const heads = records.filter(isHead);
          const victim = heads[pick % (heads.length - 1)] as AuditRecord; // any head but the newest
          const report = run(records.filter((r) => r !== victim));
          expect(report.breaks).toEqual([expect.objectContaining({ kind: 'deleted', signer: 'schools', headseq: heads.indexOf(victim) + 1 })]);
        }),
      );
    });

    it('calls a gap younger than the grace window pending, and deleted once it is older', () => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 10 }), fc.nat(), fc.integer({ min: 1, max: 59 }), (n, pick, ageSeconds) => {
          const records = withHeads(schools.signing, 'schools', n, 1, ageSeconds * 1000);
          const seq = (pick % n) + 1;
          const inFlight = records.filter((r) => r.locator !== `schools#${seq}`);
          const young = run(inFlight, MINUTE);
          expect(young).toMatchObject({ intact: true, breaks: [], pending: [expect.objectContaining({ signer: 'schools', chainseq: seq })] });
          const late = run(inFlight, ageSeconds * 1000 - 1);
          expect(late.breaks).toEqual([expect.objectContaining({ kind: 'deleted', signer: 'schools', chainseq: seq })]);
          expect(late.pending).toEqual([]);
        }),
      );
    });

    it('refuses an altered head, and a head naming another event than the chain holds', () => {
      const records = withHeads(schools.signing, 'schools', 3, 3);
      const head = records[3] as AuditRecord;
      const stretched = JSON.parse(head.bytes.toString()) as { head: { chainseq: number } };
      stretched.head.chainseq = 9;
      expect(run([...records.slice(0, 3), { ...head, bytes: Buffer.from(JSON.stringify(stretched)) }]).breaks).toEqual([
        expect.objectContaining({ kind: 'edited', headseq: 1 }),
      ]);
      const other = sealChainHead(schools.signing, 'schools', 1, 3, 'f'.repeat(64), new Date(NOW).toISOString());
      expect(run([...records.slice(0, 3), { ...head, bytes: Buffer.from(JSON.stringify(other)) }]).breaks).toEqual([
        expect.objectContaining({ kind: 'forged', chainseq: 3 }),
      ]);
      const foreign = sealChainHead(intruder.signing, 'schools', 1, 3, 'f'.repeat(64), new Date(NOW).toISOString());
      expect(run([...records.slice(0, 3), { ...head, bytes: Buffer.from(JSON.stringify(foreign)) }]).breaks).toEqual([
        expect.objectContaining({ kind: 'unknown-signer', headseq: 1 }),
      ]);
    });
  });
});
