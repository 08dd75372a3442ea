import { type AclOperation, type AclPatternType, type AclResourceType, deriveKafkaSecurity, type KafkaAcl, type KafkaSecurity, loadSharingPolicy } from '@casenet/privacy';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, type Admin, type AclEntry, ResourcePatternTypes } from 'kafkajs';

const RESOURCE: Record<AclResourceType, AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};
const PATTERN: Record<AclPatternType, ResourcePatternTypes> = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED };
const OPERATION: Record<AclOperation, AclOperationTypes> = { Read: AclOperationTypes.READ, Write: AclOperationTypes.WRITE };

/** The kafkajs form of a derived grant (also what the tests use to add or take one away). */
export function aclEntry(acl: KafkaAcl): AclEntry {
  return {
    resourceType: RESOURCE[acl.resourceType],
    resourceName: acl.resourceName,
    resourcePatternType: PATTERN[acl.patternType],
    principal: `User:${acl.principal}`,
    host: '*',
    operation: OPERATION[acl.operation],
    permissionType: AclPermissionTypes.ALLOW,
  };
}

/**
 * Creates the topics and ACLs of one environment (`topicPrefix`: a test namespace, or '' for
 * `npm start`) on the dev/test broker, as the super user. Idempotent: existing topics keep their
 * settings, existing ACLs are left as they are. The broker's SCRAM users are formatted into its
 * storage by the launcher (kafka-broker.ts).
 */
export async function applyKafkaSecurity(admin: Admin, topicPrefix: string, policy = loadSharingPolicy()): Promise<KafkaSecurity> {
  const security = deriveKafkaSecurity(policy, { topicPrefix });
  await admin.createTopics({
    waitForLeaders: true,
    topics: security.topics.map((topic) => ({
      topic: topic.name,
      numPartitions: topic.partitions,
      replicationFactor: topic.replicationFactor,
      configEntries: Object.entries(topic.config).map(([name, value]) => ({ name, value })),
    })),
  });
  await admin.createAcls({ acl: security.acls.map(aclEntry) });
  return security;
}
