import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { MOCK_BROKER_BINARY, MOCK_BROKER_SOURCE } from './paths.js';

/** Kafka protocol API keys used for error injection. */
export const KAFKA_API = { produce: 0, fetch: 1, metadata: 3, offsetCommit: 8, findCoordinator: 10, joinGroup: 11, heartbeat: 12 } as const;

/** Builds the mock-broker harness from source when missing or stale (needs gcc + librdkafka-dev). */
export function ensureMockBrokerBinary(): string {
  const stale = !existsSync(MOCK_BROKER_BINARY) || statSync(MOCK_BROKER_BINARY).mtimeMs < statSync(MOCK_BROKER_SOURCE).mtimeMs;
  if (stale) {
    if (!existsSync('/usr/include/librdkafka/rdkafka_mock.h')) {
      throw new Error('librdkafka-dev is not installed (apt-get install -y librdkafka-dev): it provides the test Kafka broker');
    }
    mkdirSync(dirname(MOCK_BROKER_BINARY), { recursive: true });
    execFileSync('gcc', ['-O2', '-o', MOCK_BROKER_BINARY, MOCK_BROKER_SOURCE, '-lrdkafka'], { stdio: 'inherit' });
  }
  return MOCK_BROKER_BINARY;
}

/**
 * librdkafka's in-memory mock cluster in a child process: real TCP, real Kafka protocol, plus
 * fault injection. It dies with its stdin, so it never outlives the process that started it.
 */
export class MockBroker {
  private readonly replies: ((line: string) => void)[] = [];
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly lines: Interface,
    readonly brokers: string[],
    readonly brokerCount: number,
  ) {
    lines.on('line', (line) => this.replies.shift()?.(line));
  }

  static async start(brokerCount = 3, topics: readonly string[] = [], partitions = 4): Promise<MockBroker> {
    const child = spawn(ensureMockBrokerBinary(), [String(brokerCount)], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stderr.resume();
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`mock broker exited with ${code}`)));
    });
    const match = /^bootstrap (\S+)$/.exec(first);
    if (!match?.[1]) throw new Error(`unexpected mock broker output: ${first}`);
    const broker = new MockBroker(child, lines, match[1].split(','), brokerCount);
    for (const topic of topics) await broker.createTopic(topic, partitions);
    return broker;
  }

  createTopic(topic: string, partitions: number): Promise<void> {
    return this.command(`topic ${topic} ${partitions}`);
  }

  brokerDown(id: number): Promise<void> {
    return this.command(`down ${id}`);
  }

  brokerUp(id: number): Promise<void> {
    return this.command(`up ${id}`);
  }

  setLatency(id: number, ms: number): Promise<void> {
    return this.command(`rtt ${id} ${ms}`);
  }

  /** The next `count` requests of `apiKey` fail with Kafka error `errorCode`. */
  injectErrors(apiKey: number, count: number, errorCode: number): Promise<void> {
    return this.command(`error ${apiKey} ${count} ${errorCode}`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }

  private command(line: string): Promise<void> {
    const run = this.queue.then(
      () =>
        new Promise<void>((resolve, reject) => {
          this.replies.push((reply) => (reply === 'ok' ? resolve() : reject(new Error(`mock broker: ${line}: ${reply}`))));
          this.child.stdin.write(`${line}\n`);
        }),
    );
    this.queue = run.catch(() => undefined);
    return run;
  }
}
