import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { AGENCIES } from '@casenet/contracts';
import { ADMIN_PRINCIPAL, AUDIT_PRINCIPAL, servicePrincipal } from '@casenet/privacy';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { ensureKafkaJars, type KafkaJars } from './kafka-jars.js';
import { freePorts } from './free-ports.js';

/** SCRAM principals: the admin (super user), one per agency service, and the auditors. */
export const KAFKA_ADMIN_USER = ADMIN_PRINCIPAL;
export const KAFKA_SERVICE_PRINCIPALS = [...AGENCIES.map(servicePrincipal), AUDIT_PRINCIPAL] as const;
export type KafkaPrincipal = (typeof KAFKA_SERVICE_PRINCIPALS)[number];

export interface ScramCredentials {
  username: string;
  password: string;
}

/** What a client needs to reach the broker as one principal. */
export function scram(credentials: ScramCredentials): SASLOptions {
  return { mechanism: 'scram-sha-512', username: credentials.username, password: credentials.password };
}

interface BrokerHomeState {
  clusterId: string;
  port: number;
  controllerPort: number;
  admin: ScramCredentials;
  /** The controller listener's own PLAIN login (the broker half talking to the controller half). */
  controller: ScramCredentials;
  principals: Record<KafkaPrincipal, ScramCredentials>;
}

export interface KafkaBrokerOptions {
  /**
   * The broker's home: data (log.dirs), generated config, credentials, logs. Formatted on first
   * start only, so a second start on the same home keeps topics, offsets and credentials.
   */
  home: string;
  /** JVM heap ceiling. */
  heapMb?: number;
  /**
   * The broker's floor for consumer session timeouts. Kafka's default is 6000 ms; the harness
   * lowers it so tests can detect a dead consumer within a few seconds (see ADR 0012).
   */
  groupMinSessionTimeoutMs?: number;
  /** Another set of broker jars than tools/kafka-broker/pom.xml names (for measuring versions). */
  jars?: KafkaJars;
}

/** Starts "$@" (the JVM), prints its pid, SIGTERMs it when stdin closes, exits with it. */
const WATCHDOG =
  'exec 3<&0; "$@" </dev/null >/dev/null & pid=$!; echo "$pid"; (while read -r _; do :; done <&3; kill -TERM "$pid" 2>/dev/null) & watcher=$!; wait "$pid"; code=$?; kill "$watcher" 2>/dev/null; exit "$code"';

const password = () => randomBytes(24).toString('base64url');

/** Kafka's cluster id: 16 random bytes in URL-safe base64; Kafka refuses ids starting with '-'. */
function clusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/**
 * A real Apache Kafka broker (KRaft, one node as broker and controller) in a child JVM, with a
 * SASL_PLAINTEXT SCRAM-SHA-512 client listener on 127.0.0.1, StandardAuthorizer and deny by default.
 * Dev and test only; production runs on a managed cluster (deploy/).
 */
export class KafkaBroker {
  private child?: ChildProcess;
  private jvmPid?: number;
  private exited?: Promise<void>;

  private constructor(
    readonly home: string,
    readonly version: string,
    private readonly jarsDir: string,
    private readonly state: BrokerHomeState,
    private readonly heapMb: number,
  ) {}

  static async start(options: KafkaBrokerOptions): Promise<KafkaBroker> {
    const jars = options.jars ?? ensureKafkaJars();
    const home = options.home.replace(/\/$/, '');
    mkdirSync(`${home}/data`, { recursive: true });
    const state = await loadOrCreateState(home);
    writeConfig(home, state, options.groupMinSessionTimeoutMs ?? 6_000);
    if (!existsSync(`${home}/data/meta.properties`)) format(jars.dir, home, state);
    const broker = new KafkaBroker(home, jars.version, jars.dir, state, options.heapMb ?? 512);
    await broker.launch();
    return broker;
  }

  get dataDir(): string {
    return `${this.home}/data`;
  }

  get logFile(): string {
    return `${this.home}/broker.log`;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.state.port}`];
  }

  get admin(): ScramCredentials {
    return this.state.admin;
  }

  get principals(): Readonly<Record<KafkaPrincipal, ScramCredentials>> {
    return this.state.principals;
  }

  /** The JVM's process id. */
  get pid(): number | undefined {
    return this.jvmPid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** A kafkajs client as the super user: the harness's and the tests' own view. */
  adminClient(clientId = 'casenet-harness'): Kafka {
    return new Kafka({ clientId, brokers: this.brokers, sasl: scram(this.admin), logLevel: logLevel.NOTHING });
  }

  /** SIGKILL (a crash), SIGSTOP (a hang) or SIGCONT (the hang ends). SIGKILL waits for the exit. */
  async kill(signal: 'SIGKILL' | 'SIGSTOP' | 'SIGCONT'): Promise<void> {
    if (!this.running) return;
    this.signal(signal);
    if (signal === 'SIGKILL') await this.exited;
  }

  /** Starts the broker again on the same data directory, ports and credentials. */
  async restart(): Promise<void> {
    if (this.running) await this.stop();
    await this.launch();
  }

  /** SIGTERM: Kafka's controlled shutdown flushes and closes its logs; SIGKILL after the timeout. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGCONT'); // a stopped JVM cannot handle SIGTERM
    this.signal('SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    this.child?.stdin?.end();
  }

  private signal(signal: NodeJS.Signals): void {
    if (this.jvmPid === undefined) return;
    try {
      process.kill(this.jvmPid, signal);
    } catch {
      // already gone
    }
  }

  private async launch(): Promise<void> {
    const java = [
      'java',
      `-Xmx${this.heapMb}m`,
      '-Xms64m',
      // A small broker on a shared machine: one GC thread, quick start-up over peak throughput.
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-Djava.awt.headless=true',
      `-Dlog4j2.configurationFile=${this.home}/log4j2.properties`,
      `-Dkafka.logs.dir=${this.home}`,
      '-cp',
      `${this.jarsDir}/*`,
      'kafka.Kafka',
      `${this.home}/server.properties`,
    ];
    // The JVM dies with this process, like the mock did: a shell holds our stdin pipe and sends
    // SIGTERM when it closes, so a test run that crashes leaves no broker behind. The shell prints
    // the JVM's pid, which crash tests signal directly.
    const child = spawn('sh', ['-c', WATCHDOG, 'kafka-broker', ...java], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pid = await new Promise<number>((resolve, reject) => {
      child.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
      child.once('exit', (code) => reject(new Error(`the Kafka broker's launcher exited with ${code}`)));
    });
    this.jvmPid = pid;
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    this.child = child;
    try {
      await this.waitReady(120_000);
    } catch (error) {
      this.signal('SIGKILL');
      await this.exited;
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${stderr}\nsee ${this.logFile}`);
    }
  }

  /** Ready when the admin authenticates and the broker lists itself in the cluster. */
  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`the Kafka broker exited while starting (code ${this.child?.exitCode ?? this.child?.signalCode})`);
      const admin = this.adminClient('casenet-harness-ready').admin();
      try {
        await admin.connect();
        const cluster = await admin.describeCluster();
        if (cluster.brokers.length > 0 && cluster.controller !== null) return;
      } catch (error) {
        last = error;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    throw new Error(`the Kafka broker was not ready within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
  }
}

/**
 * The home's identity: cluster id, ports and credentials, made on first use and kept (mode 0600)
 * beside the data they belong to, since the SCRAM credentials are formatted into that data.
 */
async function loadOrCreateState(home: string): Promise<BrokerHomeState> {
  const file = `${home}/credentials.json`;
  if (existsSync(file)) {
    const state = JSON.parse(readFileSync(file, 'utf8')) as BrokerHomeState;
    const [port, controllerPort] = (await portsStillFree([state.port, state.controllerPort])) ? [state.port, state.controllerPort] : await freePorts(2);
    return { ...state, port: port as number, controllerPort: controllerPort as number };
  }
  if (existsSync(`${home}/data/meta.properties`)) {
    throw new Error(`${home}/data is formatted but its credentials.json is gone: delete ${home} to start afresh`);
  }
  const [port, controllerPort] = (await freePorts(2)) as [number, number];
  const state: BrokerHomeState = {
    clusterId: clusterId(),
    port,
    controllerPort,
    admin: { username: KAFKA_ADMIN_USER, password: password() },
    controller: { username: 'casenet-controller', password: password() },
    principals: Object.fromEntries(KAFKA_SERVICE_PRINCIPALS.map((name) => [name, { username: name, password: password() }])) as Record<
      KafkaPrincipal,
      ScramCredentials
    >,
  };
  writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  return state;
}

async function portsStillFree(ports: number[]): Promise<boolean> {
  const { createServer } = await import('node:net');
  for (const port of ports) {
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (!free) return false;
  }
  return true;
}

function jaasString(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/** server.properties and log4j2.properties, rewritten on every start from the home's state. */
function writeConfig(home: string, state: BrokerHomeState, groupMinSessionTimeoutMs: number): void {
  const admin = `org.apache.kafka.common.security.scram.ScramLoginModule required username="${state.admin.username}" password="${jaasString(state.admin.password)}";`;
  const c = state.controller;
  const controllerJaas =
    `org.apache.kafka.common.security.plain.PlainLoginModule required username="${c.username}" password="${jaasString(c.password)}" ` +
    `user_${c.username}="${jaasString(c.password)}";`;
  const properties = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${state.controllerPort}`,
    'controller.listener.names': 'CONTROLLER',
    listeners: `SASL_PLAINTEXT://127.0.0.1:${state.port},CONTROLLER://127.0.0.1:${state.controllerPort}`,
    'advertised.listeners': `SASL_PLAINTEXT://127.0.0.1:${state.port}`,
    // The controller listener authenticates too (SASL PLAIN: SCRAM credentials live in the metadata
    // the controller serves, so it cannot check SCRAM on its own listener); nobody is ANONYMOUS.
    'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT',
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': 'SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol': 'SCRAM-SHA-512',
    'sasl.mechanism.controller.protocol': 'PLAIN',
    'listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config': admin,
    'listener.name.controller.sasl.enabled.mechanisms': 'PLAIN',
    'listener.name.controller.plain.sasl.jaas.config': controllerJaas,
    'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer',
    'allow.everyone.if.no.acl.found': 'false',
    'super.users': `User:${state.admin.username};User:${c.username}`,
    'log.dirs': `${home}/data`,
    'auto.create.topics.enable': 'false',
    'num.partitions': '1',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'offsets.topic.replication.factor': '1',
    // Internal topics sized for one small broker: fewer partitions to load on every start.
    'offsets.topic.num.partitions': '8',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '4',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    'group.initial.rebalance.delay.ms': '0',
    // After a SIGKILL the restarted node finds its own previous registration and must wait for it
    // to expire before it may register again: Kafka's 9 s default would add 9 s to every crash test.
    'broker.heartbeat.interval.ms': '500',
    'broker.session.timeout.ms': '2000',
    'group.min.session.timeout.ms': String(groupMinSessionTimeoutMs),
    // Two shared cores: a few threads are plenty for one broker and a handful of clients.
    'num.network.threads': '2',
    'num.io.threads': '4',
    'background.threads': '2',
    'num.recovery.threads.per.data.dir': '1',
    'log.cleaner.threads': '1',
  };
  writeFileSync(
    `${home}/server.properties`,
    `# Generated by libs/testing/src/infra/kafka-broker.ts on every start.\n${Object.entries(properties)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  );
  writeFileSync(
    `${home}/log4j2.properties`,
    [
      'appender.file.type=RollingFile',
      'appender.file.name=file',
      `appender.file.fileName=${home}/broker.log`,
      `appender.file.filePattern=${home}/broker.log.%i`,
      'appender.file.layout.type=PatternLayout',
      'appender.file.layout.pattern=[%d] %p %m (%c)%n',
      'appender.file.policies.type=Policies',
      'appender.file.policies.size.type=SizeBasedTriggeringPolicy',
      'appender.file.policies.size.size=10MB',
      'appender.file.strategy.type=DefaultRolloverStrategy',
      'appender.file.strategy.max=2',
      'rootLogger.level=INFO',
      'rootLogger.appenderRef.file.ref=file',
      // Every request refused by an ACL is logged at INFO by the authorizer: keep those, they are the point.
      'logger.requests.name=kafka.request.logger',
      'logger.requests.level=WARN',
      '',
    ].join('\n'),
  );
}

/** kafka-storage.sh format: the cluster id and every principal's SCRAM credential, before the first start. */
function format(jarsDir: string, home: string, state: BrokerHomeState): void {
  const users = [state.admin, ...Object.values(state.principals)];
  execFileSync(
    'java',
    [
      '-Xmx256m',
      '-XX:TieredStopAtLevel=1',
      `-Dlog4j2.configurationFile=${home}/log4j2.properties`,
      '-cp',
      `${jarsDir}/*`,
      'kafka.tools.StorageTool',
      'format',
      '--cluster-id',
      state.clusterId,
      '--config',
      `${home}/server.properties`,
      ...users.flatMap((user) => ['--add-scram', `SCRAM-SHA-512=[name=${user.username},password=${user.password}]`]),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}
