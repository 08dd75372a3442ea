import kafkajs, { type Admin, type AclEntry } from 'kafkajs';
import { KAFKA_SERVICE_PRINCIPALS } from './kafka-broker.js';

// kafkajs is CommonJS: its enums are not named exports under native ESM.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

/**
 * PROVISIONAL — to be replaced by the ACLs derived from the topic registry and the sharing
 * policy (the `acls` branch, docs/kafka-acls.md). Until then every service principal may do
 * anything on the topics and groups of this namespace (`topicPrefix`; '' is the whole broker),
 * so the system runs on a deny-by-default broker. It is NOT least privilege: the data boundary on
 * the broker is only as strong as this function.
 *
 * Called by the harness as the super user after the namespace's topics exist, once per namespace.
 */
export async function applyBrokerAcls(admin: Admin, topicPrefix: string): Promise<void> {
  const pattern = topicPrefix === '' ? { resourceName: '*', resourcePatternType: ResourcePatternTypes.LITERAL } : { resourceName: topicPrefix, resourcePatternType: ResourcePatternTypes.PREFIXED };
  const allow = { host: '*', permissionType: AclPermissionTypes.ALLOW, operation: AclOperationTypes.ALL };
  const acl: AclEntry[] = KAFKA_SERVICE_PRINCIPALS.flatMap((name) => [
    { ...allow, ...pattern, principal: `User:${name}`, resourceType: AclResourceTypes.TOPIC },
    { ...allow, ...pattern, principal: `User:${name}`, resourceType: AclResourceTypes.GROUP },
    // `npm run audit -- verify --source topics` joins groups named casenet-audit-verify-<uuid>, unprefixed.
    ...(name === 'casenet-audit'
      ? [{ ...allow, principal: `User:${name}`, resourceType: AclResourceTypes.GROUP, resourceName: 'casenet-audit', resourcePatternType: ResourcePatternTypes.PREFIXED }]
      : []),
    {
      ...allow,
      operation: AclOperationTypes.IDEMPOTENT_WRITE,
      principal: `User:${name}`,
      resourceType: AclResourceTypes.CLUSTER,
      resourceName: 'kafka-cluster',
      resourcePatternType: ResourcePatternTypes.LITERAL,
    },
  ]);
  await admin.createAcls({ acl });
}
