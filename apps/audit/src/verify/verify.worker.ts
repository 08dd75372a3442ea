import { ChainVerifier, TrustList } from '@casenet/audit-log';
import { parentPort, workerData } from 'node:worker_threads';

/** One worker of a ParallelVerifier: whole chains of some producers, in stored order. */
export interface WorkerRecord {
  position: number;
  locator: string;
  stream: string;
  bytes: Uint8Array;
  trusted: boolean;
}

const verifier = new ChainVerifier(TrustList.fromFile((workerData as { trustListFile: string }).trustListFile));
parentPort?.on('message', (message: { records?: WorkerRecord[]; finish?: true }) => {
  for (const r of message.records ?? []) {
    verifier.add({ locator: r.locator, stream: r.stream, bytes: Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) }, r.trusted, r.position);
  }
  if (message.finish) parentPort?.postMessage(verifier.finish());
});
