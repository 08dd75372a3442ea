import { agencyOfInbox, type EventEnvelope } from '@casenet/contracts';
import { unsealInbound } from '@casenet/messaging';
import { leafPaths, type SharingPolicy, type SubjectSealer } from '@casenet/privacy';
import type { CapturedMessage } from './topic-reader.js';

export interface PolicyBreach {
  topic: string;
  offset: string;
  type: string;
  problem: string;
}

/**
 * Checks captured inbox traffic against a sharing policy: every message's fields must be a
 * subset of what the policy allows that topic's reader, and no special-category (art. 9/10)
 * field may reach anyone but its owning agency. Returns every breach found.
 */
export async function auditTraffic(
  messages: readonly CapturedMessage[],
  policy: SharingPolicy,
  sealer: SubjectSealer,
  topicPrefix = '',
): Promise<PolicyBreach[]> {
  const breaches: PolicyBreach[] = [];
  const special = new Map(policy.specialCategories());
  for (const message of messages) {
    const topic = message.topic.slice(topicPrefix.length);
    const reader = agencyOfInbox(topic);
    if (!reader) continue; // dead-letter topics: bytes addressed to that same agency
    // Read it as its reader does: the sealed personal part opened with the child's key.
    const unsealed = await unsealInbound(message.value, sealer);
    if (unsealed.ok !== true) {
      if (unsealed.ok === false) breaches.push({ topic, offset: message.offset, type: '?', problem: unsealed.reason });
      continue;
    }
    const event = unsealed.plain as EventEnvelope<object>;
    // What crossed the wire in clear must be references and status codes only.
    const clearRule = policy.rule(event.type, reader);
    for (const path of leafPaths(clearDataOf(message))) {
      if (clearRule && clearRule.fields[path] !== 'case') {
        breaches.push({ topic, offset: message.offset, type: event.type, problem: `data.${path} travelled unsealed` });
      }
    }
    const report = (problem: string) => breaches.push({ topic, offset: message.offset, type: event.type, problem });
    policy.violations(reader, event).forEach(report);
    const rule = policy.rule(event.type, reader);
    for (const path of leafPaths(event.data)) {
      const category = rule?.fields[path];
      const definition = category ? special.get(category) : undefined;
      if (definition && definition.owner !== reader) report(`${definition.special} field data.${path} reached ${reader}`);
    }
    for (const category of event.datacategories ?? []) {
      const definition = special.get(category as never);
      if (definition && definition.owner !== reader) report(`${definition.special} category ${category} declared on a message to ${reader}`);
    }
  }
  return breaches;
}

function clearDataOf(message: CapturedMessage): unknown {
  return (JSON.parse(message.value?.toString() ?? '{}') as { data?: unknown }).data;
}
