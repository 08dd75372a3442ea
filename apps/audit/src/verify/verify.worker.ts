import { type AttestedHead, type AttestedLink, ChainVerifier, TrustList, type VerifierOptions } from '@casenet/audit-log';
import { parentPort, workerData } from 'node:worker_threads';

/** One worker of a ParallelVerifier: whole chains of some producers, in stored order. */
export interface WorkerRecord {
  position: number;
  locator: string;
  stream: string;
  bytes?: Uint8Array;
  seenAt?: number;
  trusted: boolean;
  /** Chain facts vouched for by a checkpoint, instead of bytes. */
  attested?: AttestedLink;
  /** A chain head's facts vouched for by a checkpoint. */
  head?: AttestedHead;
}

const { trustListFile, verifierOptions } = workerData as { trustListFile: string; verifierOptions: VerifierOptions };
const verifier = new ChainVerifier(TrustList.fromFile(trustListFile), verifierOptions);
parentPort?.on('message', (message: { records?: WorkerRecord[]; finish?: true }) => {
  for (const r of message.records ?? []) {
    if (r.attested) verifier.addAttested(r.attested, r.position);
    else if (r.head) verifier.addAttestedHead(r.head, r.position);
    else if (r.bytes)
      verifier.add(
        { locator: r.locator, stream: r.stream, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength), seenAt: r.seenAt },
        r.trusted,
        r.position,
      );
  }
  if (message.finish) parentPort?.postMessage(verifier.finish());
});
