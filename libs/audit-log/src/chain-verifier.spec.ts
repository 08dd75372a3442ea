import { describe, expect, it } from '@jest/globals';
import { generateKeyPairSync } from 'node:crypto';
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
});
