import { type AttestedLink, ChainVerifier, TrustList } from '@casenet/audit-log';
import { parentPort, workerData } from 'node:worker_threads';

/** One worker of a ParallelVerifier: whole chains of some producers, in stored order. */
export interface WorkerRecord {
  position: number;
  locator: string;
  stream: string;
  bytes?: Uint8Array;
  trusted: boolean;
  /** Chain facts vouched for by a checkpoint, instead of bytes. */
  attested?: AttestedLink;
}

const verifier = new ChainVerifier(TrustList.fromFile((workerData as { trustListFile: string }).trustListFile));
parentPort?.on('message', (message: { records?: WorkerRecord[]; finish?: true }) => {
  for (const r of message.records ?? []) {
    if (r.attested) verifier.addAttested(r.attested, r.position);
    else if (r.bytes) verifier.add({ locator: r.locator, stream: r.stream, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) }, r.trusted, r.position);
  }
  if (message.finish) parentPort?.postMessage(verifier.finish());
});
