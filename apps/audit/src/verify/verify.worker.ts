import { examineEvent, type ExaminedEvent, TrustList } from '@casenet/audit-log';
import { parentPort, workerData } from 'node:worker_threads';

/**
 * A run of stored messages for one worker, packed into one transferred buffer so that handing it
 * over copies nothing: message i is `bytes[ends[i-1]..ends[i])`.
 */
export interface ExamineRequest {
  chunk: number;
  bytes: Uint8Array;
  ends: Uint32Array;
  /** 1 where a verified checkpoint already vouches for the message's signature. */
  trusted: Uint8Array;
}

export interface ExamineResult {
  chunk: number;
  examined: ExaminedEvent[];
}

const { trustListFile } = workerData as { trustListFile: string };
const trust = TrustList.fromFile(trustListFile);
parentPort?.on('message', ({ chunk, bytes, ends, trusted }: ExamineRequest) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const examined: ExaminedEvent[] = new Array<ExaminedEvent>(ends.length);
  let start = 0;
  for (let i = 0; i < ends.length; i += 1) {
    const end = ends[i] as number;
    examined[i] = examineEvent(buffer.subarray(start, end), trust, trusted[i] === 1);
    start = end;
  }
  parentPort?.postMessage({ chunk, examined } satisfies ExamineResult);
});
