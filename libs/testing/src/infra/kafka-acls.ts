import { type AclOperation, type AclPatternType, type AclResourceType, deriveKafkaSecurity, type KafkaAcl, loadSharingPolicy } from '@casenet/privacy';
import kafkajs, { type Admin, type AclEntry } from 'kafkajs';

// kafkajs is CommonJS: Node's ESM loader does not see these enums as named exports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const RESOURCE: Record<AclResourceType, kafkajs.AclResourceTypes> = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  cluster: AclResourceTypes.CLUSTER,
};
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
export async function applyBrokerAcls(admin: Admin, topicPrefix: string, timeoutMs = 30_000): Promise<void> {
  const wanted = deriveKafkaSecurity(loadSharingPolicy(), { topicPrefix }).acls.map(aclEntry);
  await admin.createAcls({ acl: wanted });
  // createAcls returns once the controller committed them; the broker's authorizer follows its
  // metadata log a moment later, and a client that connects in between is refused. DescribeAcls
  // is answered by that same authorizer, so it tells when they are in force.
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const inForce = new Set(
      (
        await admin.describeAcls({
          resourceType: AclResourceTypes.ANY,
          resourcePatternType: ResourcePatternTypes.ANY,
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        })
      ).resources.flatMap((resource) =>
        resource.acls.map((acl) =>
          aclKey({ ...acl, resourceType: resource.resourceType, resourceName: resource.resourceName, resourcePatternType: resource.resourcePatternType }),
        ),
      ),
    );
    if (wanted.every((entry) => inForce.has(aclKey(entry)))) return;
    if (Date.now() > deadline) throw new Error(`the broker's authorizer did not take the ${wanted.length} ACLs of '${topicPrefix}' within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function aclKey(acl: Pick<AclEntry, 'resourceType' | 'resourceName' | 'resourcePatternType' | 'principal' | 'operation' | 'permissionType'>): string {
  return [acl.resourceType, acl.resourceName, acl.resourcePatternType, acl.principal, acl.operation, acl.permissionType].join('|');
}
