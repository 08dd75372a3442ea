import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import type { Agency } from '@casenet/contracts';
import { SERVICE_NODE_FLAGS } from '@casenet/service-runtime';
import { serviceEntryPoint } from './paths.js';

/** One agency service running as its own OS process, from its compiled entry point. */
export class ServiceProcess {
  private child?: ChildProcess;
  private log?: WriteStream;
  private exit?: Promise<number | null>;

  constructor(
    readonly agency: Agency | 'audit',
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    readonly logFile: string,
  ) {}

  /** Another instance of the same service (same database, same consumer group) on another port. */
  replica(port: number, logFile: string, env: NodeJS.ProcessEnv = {}): ServiceProcess {
    return new ServiceProcess(this.agency, port, { ...this.env, ...env }, logFile);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The OS process id while running (benchmarks read its memory from /proc). */
  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) throw new Error(`${this.agency} is already running`);
    mkdirSync(dirname(this.logFile), { recursive: true });
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    // SERVICE_NODE_ARGS: flags for the service's node itself, e.g. --cpu-prof for a benchmark;
    // after the agency services' heap sizes (ADR 0032), so a later flag can override one of them.
    const nodeArgs = (this.env.SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const heapFlags = this.agency === 'audit' ? [] : SERVICE_NODE_FLAGS;
    const child = spawn(process.execPath, [...heapFlags, ...nodeArgs, serviceEntryPoint(this.agency)], {
      env: { ...this.env, PORT: String(this.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    this.child = child;
  }

  /**
   * Waits until GET /health answers 200 (database and Kafka reachable). Generous: six Node
   * processes and a JVM booting at once on two shared cores can take over a minute.
   */
  async waitHealthy(timeoutMs = 150_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.agency} exited while starting; see ${this.logFile}`);
      try {
        const response = await fetch(`${this.baseUrl}/health`, { signal: AbortSignal.timeout(2_000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`${this.agency} was not healthy within ${timeoutMs} ms; see ${this.logFile}`);
  }

  /** SIGKILL: no shutdown hooks, no flush; what a crash or OOM kill looks like. */
  async kill(): Promise<void> {
    if (!this.running) return;
    this.child?.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM and wait for the graceful shutdown. */
  async stop(timeoutMs = 15_000): Promise<number | null> {
    if (!this.running) return this.child?.exitCode ?? null;
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const code = await this.exit;
    clearTimeout(timer);
    this.log?.end();
    return code ?? null;
  }
}
