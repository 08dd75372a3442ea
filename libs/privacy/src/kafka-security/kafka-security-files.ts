import { loadSharingPolicy } from '../sharing-policy.js';
import { composeInitScript } from './compose-init-script.js';
import { kafkaAclsMarkdown } from './kafka-acls-markdown.js';
import { deriveKafkaSecurity, PRODUCTION, SINGLE_NODE } from './kafka-security.js';
import { strimziTopicsYaml, strimziUsersYaml } from './strimzi-manifests.js';

/** Every committed file generated from the derivation, by path from the repository root. */
export function kafkaSecurityFiles(policy = loadSharingPolicy()): Record<string, string> {
  const singleNode = deriveKafkaSecurity(policy, { profile: SINGLE_NODE });
  const production = deriveKafkaSecurity(policy, { profile: PRODUCTION });
  return {
    'docs/kafka-acls.md': kafkaAclsMarkdown(singleNode),
    'deploy/kafka/kafka-init.sh': composeInitScript(singleNode),
    'deploy/strimzi/kafka-topics.yaml': strimziTopicsYaml(production),
    'deploy/strimzi/kafka-users.yaml': strimziUsersYaml(production),
  };
}
