import {
  type AttestedHead,
  type AttestedLink,
  type AuditRecord,
  mergeReports,
  producerOf,
  type VerificationReport,
  type VerifierOptions,
} from '@casenet/audit-log';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WorkerRecord } from './verify.worker.js';

const BATCH = 2_000;

/**
 * Spreads verification over worker threads, each owning whole producer chains, while the main
 * thread keeps reading. Same report as one ChainVerifier over the same records.
 */
export class ParallelVerifier {
  private readonly workers: Worker[];
  private readonly pending: WorkerRecord[][];
  private readonly owner = new Map<string, number>();
  private position = 0;

  constructor(trustListFile: string, threads = Math.max(1, Math.min(4, availableParallelism())), options: VerifierOptions = {}) {
    // One clock for every worker: the cut between pending and deleted is the same for all chains.
    // Wall clock: the grace for pending positions is measured against real arrival, not a service's Clock.
    const verifierOptions = { ...options, now: options.now ?? Date.now() };
    this.workers = Array.from(
      { length: threads },
      () => new Worker(new URL('./verify.worker.js', import.meta.url), { workerData: { trustListFile, verifierOptions } }),
    );
    this.pending = this.workers.map(() => []);
  }

  add(record: AuditRecord, trusted = false): void {
    this.enqueue(producerOf(record.bytes), {
      position: this.position++,
      locator: record.locator,
      stream: record.stream,
      bytes: record.bytes,
      seenAt: record.seenAt,
      trusted,
    });
  }

  addAttestedHead(fact: AttestedHead): void {
    this.enqueue(fact.signer, { position: this.position++, locator: fact.locator, stream: '', trusted: true, head: fact });
  }

  addAttested(fact: AttestedLink): void {
    this.enqueue(fact.signer, { position: this.position++, locator: fact.locator, stream: fact.stream, trusted: true, attested: fact });
  }

  private enqueue(producer: string, record: WorkerRecord): void {
    let worker = this.owner.get(producer);
    if (worker === undefined) {
      worker = this.owner.size % this.workers.length;
      this.owner.set(producer, worker);
    }
    const queue = this.pending[worker] as WorkerRecord[];
    queue.push(record);
    if (queue.length >= BATCH) this.flush(worker);
  }

  async finish(): Promise<VerificationReport> {
    const reports = await Promise.all(
      this.workers.map(
        (worker, i) =>
          new Promise<VerificationReport>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
            this.flush(i, true);
          }),
      ),
    );
    await Promise.all(this.workers.map((w) => w.terminate()));
    return mergeReports(reports);
  }

  private flush(worker: number, finish = false): void {
    const records = this.pending[worker] as WorkerRecord[];
    this.pending[worker] = [];
    (this.workers[worker] as Worker).postMessage({ records, ...(finish ? { finish: true } : {}) });
  }
}
