import { agencyOfInbox, type EventEnvelope } from '@casenet/contracts';
import { leafPaths, type SharingPolicy } from '@casenet/privacy';
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
export function auditTraffic(messages: readonly CapturedMessage[], policy: SharingPolicy, topicPrefix = ''): PolicyBreach[] {
  const breaches: PolicyBreach[] = [];
  const special = new Map(policy.specialCategories());
  for (const message of messages) {
    const topic = message.topic.slice(topicPrefix.length);
    const reader = agencyOfInbox(topic);
    if (!reader) continue; // dead-letter topics: bytes addressed to that same agency
    let event: EventEnvelope<object>;
    try {
      event = JSON.parse(message.value?.toString() ?? '') as EventEnvelope<object>;
    } catch {
      breaches.push({ topic, offset: message.offset, type: '?', problem: 'not JSON' });
      continue;
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
