import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { aclEntry, type KafkaCluster, resolveKafka } from '@casenet/testing';
import { DEFAULT_POLICY_FILE } from '@casenet/privacy';
import { type Admin, ConfigResourceTypes, Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

jest.setTimeout(600_000);

/*
 * Every principal × every topic and group of one environment on a real broker (SASL/SCRAM,
 * StandardAuthorizer, deny by default), after the harness prepared the namespace as it does for
 * every test (topics, then applyBrokerAcls): only what the sharing policy
 * allows may succeed. The expectations below are written from the policy file and the naming
 * conventions directly, not from deriveKafkaSecurity, so a wrong derivation fails here.
 */

const AGENCIES = ['schools', 'municipality', 'police', 'health', 'court'] as const;
type Agency = (typeof AGENCIES)[number];
type Principal = `casenet-${Agency}` | 'casenet-audit';
const PRINCIPALS: Principal[] = [...AGENCIES.map((a) => `casenet-${a}` as const), 'casenet-audit'];

const TOPIC_OPS = ['produce', 'consume', 'describe', 'describe-configs', 'alter-configs', 'create-partitions', 'delete-topic'] as const;
const GROUP_OPS = ['join', 'describe-group', 'fetch-offsets', 'commit-offsets', 'delete-group'] as const;
type Op = (typeof TOPIC_OPS)[number] | (typeof GROUP_OPS)[number];

/** The policy's `from` → `to` pairs, read from the file itself. */
function sends(): Set<string> {
  const doc = parse(readFileSync(DEFAULT_POLICY_FILE, 'utf8')) as { rules: { from: string; to: string }[] };
  return new Set(doc.rules.map((r) => `${r.from}>${r.to}`));
}

interface Trial {
  principal: Principal;
  op: Op;
  resource: string;
  expected: boolean;
}
interface Result extends Trial {
  outcome: 'allowed' | 'refused' | string;
}

/** Refused means the broker said so (an *_AUTHORIZATION_FAILED); anything else is not a refusal. */
function refusal(error: unknown): boolean {
  const seen = new Set<unknown>();
  const walk = (e: unknown): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e)) return false;
    seen.add(e);
    const record = e as { type?: unknown; message?: unknown; cause?: unknown; originalError?: unknown; errors?: unknown; groups?: unknown; error?: unknown };
    if (typeof record.type === 'string' && record.type.endsWith('AUTHORIZATION_FAILED')) return true;
    if (typeof record.message === 'string' && /authorization failed|not authorized/i.test(record.message)) return true;
    const nested = [
      record.cause,
      record.originalError,
      record.error,
      ...(Array.isArray(record.errors) ? record.errors : []),
      ...(Array.isArray(record.groups) ? record.groups : []),
    ];
    return nested.some(walk);
  };
  return walk(error);
}

describe('Kafka ACL matrix on a real broker', () => {
  let kafka: KafkaCluster;
  let admin: Admin;
  const namespace = `acls${randomUUID().slice(0, 8)}`;
  const prefix = `${namespace}.`;
  const topicsOf = (agency: Agency) => [`${prefix}${agency}.inbox.v1`, `${prefix}${agency}.inbox.v1.dead-letter`];
  // Every producer signs its chain heads onto one shared topic, which only the auditors read (ADR 0014).
  const headsTopic = `${prefix}audit.chain-heads.v1`;
  const topics = [...AGENCIES.flatMap(topicsOf), headsTopic];
  const serviceGroup = (agency: Agency) => `${prefix}casenet-${agency}-inbox`;
  // The services' groups, an auditors' group, and names that only look like one of them.
  const groups = [
    ...AGENCIES.map(serviceGroup),
    `${prefix}casenet-audit-matrix`,
    `${prefix}casenet-audit`,
    `${prefix}casenet-auditor`,
    `${prefix}casenet-schools-inbox-2`,
  ];
  const policySends = sends();

  const agencyOf = (principal: Principal): Agency | undefined => AGENCIES.find((a) => `casenet-${a}` === principal);
  function expected(principal: Principal, op: Op, resource: string): boolean {
    const agency = agencyOf(principal);
    const mayWrite =
      agency !== undefined &&
      (resource === `${prefix}${agency}.inbox.v1.dead-letter` ||
        resource === headsTopic ||
        AGENCIES.some((to) => resource === `${prefix}${to}.inbox.v1` && policySends.has(`${agency}>${to}`)));
    const mayRead = agency === undefined ? topics.includes(resource) : resource === `${prefix}${agency}.inbox.v1`;
    const ownGroup = agency === undefined ? resource.startsWith(`${prefix}casenet-audit-`) : resource === serviceGroup(agency);
    switch (op) {
      case 'produce':
        return mayWrite;
      case 'consume':
        return mayRead;
      case 'describe':
        return mayRead || mayWrite;
      case 'join':
      case 'describe-group':
      case 'fetch-offsets':
      case 'commit-offsets':
        return ownGroup;
      default:
        return false; // nobody but the admin alters, configures or deletes anything
    }
  }

  /** The topic a principal may read, for the group operations that need one. */
  const readable = (principal: Principal) => {
    const agency = agencyOf(principal);
    return agency ? `${prefix}${agency}.inbox.v1` : (topics[0] as string);
  };
  /**
   * A client of one principal, and the broker errors it met during the current trial: kafkajs
   * reports a refused FindCoordinator only as "Failed to find group coordinator" and logs the
   * broker's reason at debug level, so the log is where the refusal is read from.
   */
  function clientFor(principal: Principal): { kafka: Kafka; brokerErrors: string[] } {
    const env = kafka.clientEnv(principal);
    const brokerErrors: string[] = [];
    const client = new Kafka({
      clientId: 'acl-matrix',
      brokers: kafka.brokers,
      sasl: { mechanism: 'scram-sha-512', username: env.KAFKA_SASL_USERNAME ?? '', password: env.KAFKA_SASL_PASSWORD ?? '' },
      logLevel: logLevel.DEBUG,
      logCreator: () => (entry) => {
        const error = (entry.log as { error?: unknown }).error;
        const type = error && typeof error === 'object' ? (error as { type?: unknown }).type : undefined;
        if (typeof type === 'string') brokerErrors.push(type);
        else if (typeof error === 'string') brokerErrors.push(error);
      },
      retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 500 },
    });
    return { kafka: client, brokerErrors };
  }

  beforeAll(async () => {
    kafka = await resolveKafka();
    if (kafka.source !== 'Apache Kafka') {
      // KAFKA_BROKERS or testcontainers: not our principals, or no authentication at all.
      await kafka.stop();
      kafka = await resolveKafka({ ownBroker: true });
    }
    await kafka.prepare(prefix);
    admin = new Kafka({ clientId: 'acl-matrix-admin', ...kafka.clientConfig, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    // The group coordinator loads a group's offsets partition on first use: do that as the admin,
    // so no trial meets a coordinator that is still loading.
    for (const group of groups) await admin.describeGroups([group]);
    // One message on every topic, so an allowed consumer has something to fetch.
    const producer = new Kafka({ clientId: 'acl-matrix-seed', ...kafka.clientConfig, logLevel: logLevel.NOTHING }).producer();
    await producer.connect();
    await producer.sendBatch({ topicMessages: topics.map((topic) => ({ topic, messages: [{ key: 'CR-MATRIX', value: 'seed' }] })) });
    await producer.disconnect();
  });

  afterAll(async () => {
    await admin?.disconnect();
    await kafka?.stop();
  });

  async function attempt(client: { kafka: Kafka; brokerErrors: string[] }, principal: Principal, op: Op, resource: string): Promise<Result['outcome']> {
    client.brokerErrors.length = 0;
    try {
      if (await perform(client.kafka, principal, op, resource)) return 'allowed';
      return 'refused';
    } catch (error) {
      if (refusal(error)) return 'refused';
      const coordinatorRefused =
        error instanceof Error && error.name === 'KafkaJSGroupCoordinatorNotFound' && client.brokerErrors.includes('GROUP_AUTHORIZATION_FAILED');
      return coordinatorRefused ? 'refused' : `error: ${error instanceof Error ? `${error.name} ${error.message}` : String(error)}`;
    }
  }

  /** True when the broker did it; throws (or false) when it refused. */
  async function perform(kafka: Kafka, principal: Principal, op: Op, resource: string): Promise<boolean> {
    switch (op) {
      case 'produce': {
        const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
        try {
          await producer.connect();
          await producer.send({ topic: resource, acks: -1, messages: [{ key: 'CR-MATRIX', value: principal }] });
          return true;
        } finally {
          await producer.disconnect();
        }
      }
      case 'consume': {
        const groupId = agencyOf(principal) ? serviceGroup(agencyOf(principal) as Agency) : `${prefix}casenet-audit-matrix`;
        return consumeOne(kafka, groupId, resource);
      }
      case 'join':
        return consumeOne(kafka, resource, readable(principal), 'joined');
      default:
        return withAdmin(kafka, (a) => adminOp(a, principal, op, resource));
    }
  }

  /** Resolves once a message arrives ('message') or once the consumer is in the group ('joined'). */
  async function consumeOne(kafka: Kafka, groupId: string, topic: string, until: 'message' | 'joined' = 'message'): Promise<boolean> {
    const consumer = kafka.consumer({
      groupId,
      sessionTimeout: 6_000,
      heartbeatInterval: 500,
      maxWaitTimeInMs: 100,
      retry: { retries: 0, restartOnFailure: async () => false },
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      return await new Promise<boolean>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${until === 'joined' ? 'not in the group' : 'no message'} from ${topic} within 15 s`)), 15_000);
        if (until === 'joined') {
          consumer.on(consumer.events.GROUP_JOIN, () => {
            clearTimeout(timer);
            resolve(true);
          });
        }
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          clearTimeout(timer);
          reject(payload.error);
        });
        consumer
          .run({
            eachMessage: async () => {
              clearTimeout(timer);
              resolve(true);
            },
          })
          .catch((error: unknown) => {
            clearTimeout(timer);
            reject(error);
          });
      });
    } finally {
      await consumer.disconnect();
    }
  }

  async function withAdmin<T>(kafka: Kafka, body: (a: Admin) => Promise<T>): Promise<T> {
    const a = kafka.admin();
    await a.connect();
    try {
      return await body(a);
    } finally {
      await a.disconnect();
    }
  }

  async function adminOp(a: Admin, principal: Principal, op: Op, resource: string): Promise<boolean> {
    switch (op) {
      case 'describe':
        await a.fetchTopicMetadata({ topics: [resource] });
        await a.fetchTopicOffsets(resource);
        return true;
      case 'describe-configs': {
        const { resources } = await a.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: resource }] });
        return resources.every((r) => r.errorCode === 0);
      }
      case 'alter-configs': {
        const { resources } = (await a.alterConfigs({
          validateOnly: false,
          resources: [{ type: ConfigResourceTypes.TOPIC, name: resource, configEntries: [{ name: 'retention.ms', value: '86400000' }] }],
        })) as { resources: { errorCode: number }[] };
        return resources.every((r) => r.errorCode === 0);
      }
      case 'create-partitions':
        await a.createPartitions({ topicPartitions: [{ topic: resource, count: 12 }] });
        return true;
      case 'delete-topic':
        await a.deleteTopics({ topics: [resource], timeout: 5_000 });
        return true;
      case 'describe-group': {
        // kafkajs's type leaves it out, but each described group carries the broker's error code.
        const { groups: described } = (await a.describeGroups([resource])) as unknown as { groups: { errorCode: number }[] };
        return described.every((g) => g.errorCode === 0);
      }
      case 'fetch-offsets':
        await a.fetchOffsets({ groupId: resource, topics: [readable(principal)] });
        return true;
      case 'commit-offsets':
        // The member of the join trial may still be leaving: offsets are set only on an empty group.
        for (let tries = 0; ; tries++) {
          try {
            await a.setOffsets({ groupId: resource, topic: readable(principal), partitions: [{ partition: 0, offset: '0' }] });
            return true;
          } catch (error) {
            if (!(error instanceof Error && /no running instances/.test(error.message)) || tries >= 40) throw error;
            await new Promise((resolve) => setTimeout(resolve, 500));
          }
        }
      case 'delete-group':
        await a.deleteGroups([resource]);
        return true;
      default:
        throw new Error(`not an admin operation: ${op}`);
    }
  }

  /**
   * Runs the trials, principals in parallel and each one's in order; the destructive ones (delete
   * a topic or a group) only once every principal is done with the rest, so a wrongly allowed
   * deletion shows up as itself and does not stall the other trials.
   */
  async function runMatrix(principals: Principal[]): Promise<Result[]> {
    const clients = new Map(principals.map((principal) => [principal, clientFor(principal)]));
    const trialsOf = (principal: Principal, destructive: boolean): Trial[] =>
      [
        ...TOPIC_OPS.flatMap((op) => topics.map((resource) => ({ principal, op, resource, expected: expected(principal, op, resource) }))),
        ...GROUP_OPS.flatMap((op) => groups.map((resource) => ({ principal, op, resource, expected: expected(principal, op, resource) }))),
      ].filter((trial) => trial.op.startsWith('delete') === destructive);
    const results: Result[] = [];
    for (const destructive of [false, true]) {
      const phase = await Promise.all(
        principals.map(async (principal) => {
          const done: Result[] = [];
          for (const trial of trialsOf(principal, destructive)) {
            done.push({ ...trial, outcome: await attempt(clients.get(principal) as ReturnType<typeof clientFor>, principal, trial.op, trial.resource) });
          }
          return done;
        }),
      );
      results.push(...phase.flat());
    }
    return results;
  }

  const wrong = (results: Result[]) => results.filter((r) => r.outcome !== (r.expected ? 'allowed' : 'refused'));
  const line = (r: Result) => `${r.principal} ${r.op} ${r.resource.slice(prefix.length)}: expected ${r.expected ? 'allowed' : 'refused'}, got ${r.outcome}`;

  it('allows exactly what the sharing policy allows, and refuses everything else', async () => {
    const results = await runMatrix(PRINCIPALS);
    const allowed = results.filter((r) => r.outcome === 'allowed').length;
    const refused = results.filter((r) => r.outcome === 'refused').length;
    process.stdout.write(
      `kafka ACL matrix: ${PRINCIPALS.length} principals × ${topics.length} topics × ${TOPIC_OPS.length} operations + ${groups.length} groups × ${GROUP_OPS.length} operations: ` +
        `${results.length} tried, ${allowed} allowed, ${refused} refused, ${wrong(results).length} wrong\n`,
    );
    expect(wrong(results).map(line)).toEqual([]);
    // Not vacuous: every kind of allowed operation happened at least once.
    for (const op of ['produce', 'consume', 'describe', 'join', 'describe-group', 'fetch-offsets', 'commit-offsets'] as Op[]) {
      expect(results.some((r) => r.op === op && r.outcome === 'allowed')).toBe(true);
    }
  });

  it('notices one ACL too many and one too few', async () => {
    const extra = {
      principal: 'casenet-police',
      resourceType: 'topic',
      patternType: 'literal',
      resourceName: `${prefix}schools.inbox.v1`,
      operation: 'Read',
      reason: 'test',
    } as const;
    const missing = {
      principal: 'casenet-schools',
      resourceType: 'topic',
      patternType: 'literal',
      resourceName: `${prefix}municipality.inbox.v1`,
      operation: 'Write',
      reason: 'test',
    } as const;
    await admin.createAcls({ acl: [aclEntry(extra)] });
    await admin.deleteAcls({ filters: [aclEntry(missing)] });
    try {
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // the authorizer follows the metadata log
      const found = wrong(await runMatrix(['casenet-police', 'casenet-schools'])).map(line);
      process.stdout.write(`with one ACL added and one removed: ${found.length} wrong\n${found.join('\n')}\n`);
      expect(found).toEqual(
        expect.arrayContaining([
          'casenet-police consume schools.inbox.v1: expected refused, got allowed',
          'casenet-schools produce municipality.inbox.v1: expected allowed, got refused',
        ]),
      );
    } finally {
      await admin.deleteAcls({ filters: [aclEntry(extra)] });
      await admin.createAcls({ acl: [aclEntry(missing)] });
    }
  });
});
