import { type Agency, EVENT_CATALOG } from '@casenet/contracts';
import type { SharingPolicy } from '@casenet/privacy';

/** The event types an agency's inbox may carry: addressed to it in the catalogue and allowed to it by the policy. */
export function receivableEventTypes(policy: SharingPolicy, agency: Agency): string[] {
  return EVENT_CATALOG.filter((contract) => contract.recipients.includes(agency) && policy.rule(contract.type, agency) !== undefined)
    .map((contract) => contract.type)
    .sort();
}

/** What the agency may receive but has no `@HandlesEvent` handler for: each would be dead-lettered as unhandled. */
export function unhandledEventTypes(policy: SharingPolicy, agency: Agency, handled: readonly string[]): string[] {
  return receivableEventTypes(policy, agency).filter((type) => !handled.includes(type));
}
