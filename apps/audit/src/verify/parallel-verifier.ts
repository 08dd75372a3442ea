import {
  type AttestedHead,
  type AttestedLink,
  type AuditRecord,
  ChainVerifier,
  type ExaminedEvent,
  TrustList,
  type VerificationReport,
  type VerifierOptions,
} from '@casenet/audit-log';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ExamineRequest, ExamineResult } from './verify.worker.js';

/** Messages per handover: small enough that every worker is still busy when the last one is handed out. */
const CHUNK = 512;
/** Handed-out chunks per worker before readers are asked to wait (`drained`): bounds memory. */
const AHEAD = 4;

type Entry = { kind: 'bytes'; where: Omit<AuditRecord, 'bytes'> } | { kind: 'attested'; fact: AttestedLink } | { kind: 'head'; fact: AttestedHead };

interface Chunk {
  entries: Entry[];
  examined?: ExaminedEvent[];
}

interface Waiter {
  until: () => boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Verifies on every core: any worker examines any message (parse, canonical bytes, Ed25519,
 * content hash) whoever produced it, so producers of unequal volume still keep every worker busy;
 * this thread keeps reading and links the examined messages in stored order into one
 * ChainVerifier, which is cheap. Same report as one ChainVerifier over the same records.
 */
export class ParallelVerifier {
  private readonly verifier: ChainVerifier;
  private readonly workers: Worker[];
  /** Chunks handed to each worker and not answered yet. */
  private readonly handedOut: number[];
  /** Closed chunks not linked yet, by number; `linked` is the next to link. */
  private readonly chunks = new Map<number, Chunk>();
  private linked = 0;
  private closed = 0;
  private open: Chunk = { entries: [] };
  private openBytes: Buffer[] = [];
  private openTrusted: number[] = [];
  private waiters: Waiter[] = [];
  private failure: unknown;
  private finished = false;

  constructor(trustListFile: string, threads = Math.max(1, Math.min(4, availableParallelism())), options: VerifierOptions = {}) {
    this.verifier = new ChainVerifier(TrustList.fromFile(trustListFile), options);
    this.workers = Array.from({ length: threads }, (_, i) => {
      const worker = new Worker(new URL('./verify.worker.js', import.meta.url), { workerData: { trustListFile } });
      worker.on('message', (result: ExamineResult) => this.examined(i, result));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => this.finished || this.fail(new Error(`verify worker ${i} exited (${code}) before the end`)));
      return worker;
    });
    this.handedOut = this.workers.map(() => 0);
  }

  add(record: AuditRecord, trusted = false): void {
    this.open.entries.push({ kind: 'bytes', where: { locator: record.locator, stream: record.stream, seenAt: record.seenAt } });
    this.openBytes.push(record.bytes);
    this.openTrusted.push(trusted ? 1 : 0);
    if (this.openBytes.length >= CHUNK) this.close();
  }

  addAttestedHead(fact: AttestedHead): void {
    this.open.entries.push({ kind: 'head', fact });
    if (this.open.entries.length >= CHUNK) this.close();
  }

  addAttested(fact: AttestedLink): void {
    this.open.entries.push({ kind: 'attested', fact });
    if (this.open.entries.length >= CHUNK) this.close();
  }

  /** Resolves once the workers have little left queued: a reader awaits it between batches so that memory stays bounded. */
  drained(): Promise<void> {
    return this.wait(() => this.closed - this.linked <= AHEAD * this.workers.length);
  }

  async finish(): Promise<VerificationReport> {
    this.close();
    try {
      await this.wait(() => this.linked === this.closed);
    } finally {
      this.finished = true;
      await Promise.all(this.workers.map((w) => w.terminate()));
    }
    return this.verifier.finish();
  }

  private close(): void {
    if (this.open.entries.length === 0) return;
    const chunk = this.open;
    const number = this.closed++;
    this.chunks.set(number, chunk);
    this.open = { entries: [] };
    const messages = this.openBytes;
    const trusted = Uint8Array.from(this.openTrusted);
    this.openBytes = [];
    this.openTrusted = [];
    if (messages.length === 0) {
      chunk.examined = [];
      return this.link();
    }
    const ends = new Uint32Array(messages.length);
    const bytes = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
    let end = 0;
    messages.forEach((m, i) => {
      bytes.set(m, end);
      end += m.length;
      ends[i] = end;
    });
    const worker = this.handedOut.indexOf(Math.min(...this.handedOut));
    this.handedOut[worker] = (this.handedOut[worker] as number) + 1;
    const request: ExamineRequest = { chunk: number, bytes, ends, trusted };
    (this.workers[worker] as Worker).postMessage(request, [bytes.buffer, ends.buffer, trusted.buffer]);
  }

  private examined(worker: number, { chunk, examined }: ExamineResult): void {
    this.handedOut[worker] = (this.handedOut[worker] as number) - 1;
    (this.chunks.get(chunk) as Chunk).examined = examined;
    this.link();
  }

  /** Links every chunk whose turn has come, in stored order: chains, duplicates and reordering depend on it. */
  private link(): void {
    for (let chunk = this.chunks.get(this.linked); chunk?.examined; chunk = this.chunks.get(this.linked)) {
      const examined = chunk.examined;
      let next = 0;
      for (const entry of chunk.entries) {
        if (entry.kind === 'bytes') this.verifier.addExamined(examined[next++] as ExaminedEvent, entry.where);
        else if (entry.kind === 'attested') this.verifier.addAttested(entry.fact);
        else this.verifier.addAttestedHead(entry.fact);
      }
      this.chunks.delete(this.linked++);
    }
    const ready = this.waiters.filter((w) => w.until());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.resolve();
  }

  private fail(error: unknown): void {
    this.failure ??= error;
    this.finished = true;
    for (const w of this.workers) void w.terminate();
    for (const w of this.waiters) w.reject(error);
    this.waiters = [];
  }

  private wait(until: () => boolean): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (until()) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ until, resolve, reject }));
  }
}
