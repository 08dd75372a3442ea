import { describe, expect, it } from '@jest/globals';
import { contentHash, GENESIS, SigningKey, TrustList } from '@casenet/audit-log';
import { generateKeyPairSync } from 'node:crypto';
import { verifyEntry } from './entry.verification.js';

function keyPair(keyId: string, owner: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { signing: new SigningKey(keyId, privateKey), trusted: { keyId, owner, publicKey } };
}

const police = keyPair('police-1', 'police');
const intruder = keyPair('intruder-1', 'police');
const trust = new TrustList([police.trusted]);
const content: Record<string, unknown> = {
  id: 'e-1',
  source: 'urn:casenet:police',
  type: 'police.verification.completed.v1',
  caseref: 'CR-ABCD',
  purpose: 'residence-and-attendance-verification',
  data: {},
};
const signed = police.signing.seal(content, 7, GENESIS);

describe('verifying one disclosure', () => {
  it('verifies an event signed by its producer, archived with its hash, named by no break', () => {
    expect(verifyEntry(signed, contentHash(signed), trust, [], new Set())).toEqual({ verified: true, problems: [] });
  });

  it('fails an event changed after signing, and one whose archived hash differs', () => {
    const edited = { ...signed, purpose: 'statistics' };
    expect(verifyEntry(edited, contentHash(signed), trust, [], new Set())).toEqual({
      verified: false,
      problems: [
        "police's signature does not match its content: it was changed after signing",
        'its content differs from the hash recorded when it was archived',
      ],
    });
  });

  it('fails an event signed with a key not trusted for its producer', () => {
    const forged = intruder.signing.seal(content, 7, GENESIS);
    expect(verifyEntry(forged, contentHash(forged), trust, [], new Set()).problems).toEqual([
      'it is signed with key intruder-1, which the trust list does not hold for police',
    ]);
  });

  it("fails an event whose chain position the archive's verification breaks or two contents share", () => {
    const breaks = [
      { kind: 'reordered' as const, position: 3, locator: 'archive #9', signer: 'police', chainseq: 7, detail: 'police #7 comes after #8' },
      { kind: 'deleted' as const, position: 4, locator: 'archive #10', signer: 'police', chainseq: 8, detail: 'police #8 is missing' },
      { kind: 'edited' as const, position: 5, locator: 'archive #11', signer: 'schools', chainseq: 7, detail: 'another producer' },
    ];
    expect(verifyEntry(signed, contentHash(signed), trust, breaks, new Set()).problems).toEqual(['chain verification: reordered: police #7 comes after #8']);
    expect(verifyEntry(signed, contentHash(signed), trust, [], new Set(['police#7'])).problems).toEqual([
      'a second, different content was archived under the same producer and chain position',
    ]);
  });

  it('fails what is not a signed chain event at all', () => {
    expect(verifyEntry({ id: 'x', type: 'y' }, null, trust, [], new Set())).toEqual({
      verified: false,
      problems: ['it names no producer or chain position: not a signed event'],
    });
  });
});
