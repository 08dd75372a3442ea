import { type AclOperation, type AclPatternType, type AclResourceType, deriveKafkaSecurity, type KafkaAcl, loadSharingPolicy } from '@casenet/privacy';
import kafkajs, { type Admin, type AclEntry } from 'kafkajs';

// kafkajs is CommonJS: Node's ESM loader does not see these enums as named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const RESOURCE: Record<AclResourceType, kafkajs.AclResourceTypes> = { topic: AclResourceTypes.TOPIC, group: AclResourceTypes.GROUP, cluster: AclResourceTypes.CLUSTER };
const PATTERN: Record<AclPatternType, kafkajs.ResourcePatternTypes> = { literal: ResourcePatternTypes.LITERAL, prefixed: ResourcePatternTypes.PREFIXED };
const OPERATION: Record<AclOperation, kafkajs.AclOperationTypes> = { Read: AclOperationTypes.READ, Write: AclOperationTypes.WRITE };

/** The kafkajs form of a derived grant (the ACL matrix test also adds and takes away single ones). */
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
 * The ACLs of one namespace (`topicPrefix`; '' for `npm start`), derived from the topic registry
 * and the sharing policy exactly as for docker-compose and Strimzi (docs/kafka-acls.md). Called by
 * the harness as the super user after the namespace's topics exist. Idempotent: an ACL that
 * exists already is left as it is.
 */
export async function applyBrokerAcls(admin: Admin, topicPrefix: string): Promise<void> {
  await admin.createAcls({ acl: deriveKafkaSecurity(loadSharingPolicy(), { topicPrefix }).acls.map(aclEntry) });
}
