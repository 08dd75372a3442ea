import { describe, expect, it } from '@jest/globals';
import { AGENCIES, type Agency } from '@casenet/contracts';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { loadSharingPolicy, SharingPolicy, type SharingRule } from '../sharing-policy.js';
import { kafkaSecurityFiles } from './kafka-security-files.js';
import { AUDIT_PRINCIPAL, deriveKafkaSecurity, type KafkaAcl, PRODUCTION, servicePrincipal } from './kafka-security.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const read = (path: string) => readFileSync(`${ROOT}${path}`, 'utf8');
const policy = loadSharingPolicy();

/** Kafka's own matching: a literal name equals, a prefixed one starts the resource name. */
const matches = (acl: KafkaAcl, type: KafkaAcl['resourceType'], name: string) =>
  acl.resourceType === type && (acl.patternType === 'literal' ? acl.resourceName === name : name.startsWith(acl.resourceName));

const prefixes = fc.oneof(fc.constant(''), fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,12}\.$/));
const ruleSubsets = fc.subarray([...policy.ruleList]);
const withRules = (rules: SharingRule[]) => new SharingPolicy(policy.categories, rules, 'generated');

describe('Kafka topics, principals and ACLs derived from the registry and the sharing policy', () => {
  it('lets each service write exactly the inboxes its rules send to, plus its own dead letters and its chain heads, for any policy and prefix', () => {
    fc.assert(
      fc.property(ruleSubsets, prefixes, (rules, prefix) => {
        const { acls } = deriveKafkaSecurity(withRules(rules), { topicPrefix: prefix });
        for (const agency of AGENCIES) {
          const writes = acls.filter((a) => a.principal === servicePrincipal(agency) && a.operation === 'Write').map((a) => a.resourceName);
          const expected = [
            ...new Set(rules.filter((r) => r.from === agency).map((r) => `${prefix}${r.to}.inbox.v1`)),
            `${prefix}${agency}.inbox.v1.dead-letter`,
            `${prefix}audit.chain-heads.v1`,
          ];
          expect(writes.sort()).toEqual(expected.sort());
        }
      }),
    );
  });

  it('reads: a service its own inbox in its own group, the auditors every topic and their own groups, nobody else anything', () => {
    fc.assert(
      fc.property(prefixes, (prefix) => {
        const security = deriveKafkaSecurity(policy, { topicPrefix: prefix });
        const groups = AGENCIES.map((a) => `${prefix}casenet-${a}-inbox`);
        for (const topic of security.topics) {
          const readers = security.acls.filter((a) => a.operation === 'Read' && matches(a, 'topic', topic.name)).map((a) => a.principal);
          expect(readers.sort()).toEqual([AUDIT_PRINCIPAL, ...(topic.kind === 'inbox' && topic.agency ? [servicePrincipal(topic.agency)] : [])].sort());
        }
        for (const [i, group] of groups.entries()) {
          const users = security.acls.filter((a) => matches(a, 'group', group)).map((a) => a.principal);
          expect(users).toEqual([servicePrincipal(AGENCIES[i] as Agency)]);
        }
        // The auditors' prefix covers their groups and nothing that merely starts alike.
        const auditGroup = security.acls.filter((a) => a.principal === AUDIT_PRINCIPAL && a.resourceType === 'group');
        expect(auditGroup.some((a) => matches(a, 'group', `${prefix}casenet-audit-archive`))).toBe(true);
        for (const other of [`${prefix}casenet-auditor`, `${prefix}casenet-audit`, `${prefix}casenet-audi-t`, ...groups]) {
          expect(auditGroup.filter((a) => matches(a, 'group', other))).toEqual([]);
        }
        expect(security.acls.filter((a) => a.resourceType === 'cluster')).toEqual([]);
        expect(new Set(security.acls.map((a) => a.operation))).toEqual(new Set(['Read', 'Write']));
      }),
    );
  });

  it('names every topic and group of an environment under its prefix, so no grant reaches another environment', () => {
    fc.assert(
      fc.property(prefixes, prefixes, (a, b) => {
        fc.pre(a !== b);
        const first = deriveKafkaSecurity(policy, { topicPrefix: a });
        const second = deriveKafkaSecurity(policy, { topicPrefix: b });
        for (const acl of first.acls) {
          for (const topic of second.topics) expect(matches(acl, 'topic', topic.name)).toBe(false);
          for (const agency of AGENCIES) expect(matches(acl, 'group', `${b}casenet-${agency}-inbox`)).toBe(false);
        }
      }),
    );
  });

  it('refuses a prefix that could run into a name (no trailing dot) or is not lower-case', () => {
    for (const prefix of ['staging', 'Staging.', '.x.', 'a b.']) expect(() => deriveKafkaSecurity(policy, { topicPrefix: prefix })).toThrow(/topic prefix/);
  });

  it('gives production topics three replicas and min.insync.replicas 2, and never compaction', () => {
    const { topics } = deriveKafkaSecurity(policy, { profile: PRODUCTION });
    expect(topics.map((t) => t.name).sort()).toEqual(
      [...AGENCIES.flatMap((a) => [`${a}.inbox.v1`, `${a}.inbox.v1.dead-letter`]), 'audit.chain-heads.v1'].sort(),
    );
    for (const topic of topics)
      expect([topic.replicationFactor, topic.config['min.insync.replicas'], topic.config['cleanup.policy']]).toEqual([3, '2', 'delete']);
  });

  it('Strimzi users carry exactly the derived ACLs, SCRAM-SHA-512, and no super user', () => {
    const users = parseAllDocuments(kafkaSecurityFiles()['deploy/strimzi/kafka-users.yaml'] ?? '').map((d) => d.toJS() as StrimziUser);
    const { acls } = deriveKafkaSecurity(policy, { profile: PRODUCTION });
    expect(users.map((u) => u.metadata.name).sort()).toEqual([...AGENCIES.map(servicePrincipal), AUDIT_PRINCIPAL].sort());
    const fromYaml = users.flatMap((u) =>
      u.spec.authorization.acls.flatMap((rule) =>
        rule.operations.map((operation) => `${u.metadata.name} ${operation} ${rule.resource.type} ${rule.resource.patternType} ${rule.resource.name}`),
      ),
    );
    const derived = acls.map((a) => `${a.principal} ${a.operation} ${a.resourceType} ${a.patternType === 'prefixed' ? 'prefix' : 'literal'} ${a.resourceName}`);
    expect(fromYaml.sort()).toEqual(derived.sort());
    for (const user of users)
      expect([user.apiVersion, user.spec.authentication.type, user.spec.authorization.type]).toEqual(['kafka.strimzi.io/v1', 'scram-sha-512', 'simple']);
  });

  it('docker-compose runs the generated script and gives each service its own principal', () => {
    const compose = parse(read('docker-compose.yml')) as Compose;
    const init = compose.services['kafka-topics'];
    expect(init?.volumes).toEqual(['./deploy/kafka/kafka-init.sh:/opt/casenet/kafka-init.sh:ro']);
    expect(init?.entrypoint).toEqual(['/bin/sh', '/opt/casenet/kafka-init.sh']);
    for (const agency of AGENCIES) expect(compose.services[agency]?.environment.KAFKA_SASL_USERNAME).toBe(servicePrincipal(agency));
    expect(compose.services.audit?.environment.KAFKA_SASL_USERNAME).toBe(AUDIT_PRINCIPAL);
    // The broker formats its storage with a SCRAM credential for every principal.
    const brokerEnv = Object.keys(compose.services.kafka?.environment ?? {});
    for (const principal of deriveKafkaSecurity(policy).principals) {
      expect(brokerEnv).toContain(`KAFKA_${principal.name.replace('casenet-', '').toUpperCase()}_PASSWORD`);
    }
    expect(read('deploy/kafka/start-kafka.sh')).toContain(`AGENCIES="${AGENCIES.join(' ')}"`);
  });

  it.each(Object.keys(kafkaSecurityFiles()))('%s is committed as generated (run `npm run kafka-acls`)', (path) => {
    expect(read(path)).toBe(kafkaSecurityFiles()[path]);
  });
});

interface StrimziUser {
  apiVersion: string;
  metadata: { name: string };
  spec: {
    authentication: { type: string };
    authorization: { type: string; acls: { resource: { type: string; name: string; patternType: string }; operations: string[] }[] };
  };
}

interface Compose {
  services: Record<string, { volumes?: string[]; entrypoint?: string[]; environment: Record<string, string> }>;
}
