import { type Agency, type EventEnvelope, findContract, newCaseref, newEvent } from '@casenet/contracts';
import { loadSharingPolicy, type SharingPolicy } from '@casenet/privacy';

let reviewedPolicy: SharingPolicy | undefined;

/**
 * An event as its producer would send it to `to`: `source` projected through the sharing
 * policy (the reviewed one unless given), with the disclosure in the envelope.
 */
export function senderEvent<T extends object>(args: {
  type: string;
  to: Agency;
  source: object;
  caseref?: string;
  subject?: string;
  policy?: SharingPolicy;
}): EventEnvelope<T> {
  const contract = findContract(args.type);
  if (!contract) throw new Error(`unknown event type ${args.type}`);
  const policy = args.policy ?? (reviewedPolicy ??= loadSharingPolicy());
  const { data, disclosure } = policy.project<T>(args.type, args.to, args.source);
  return newEvent({
    producer: contract.producer,
    type: args.type,
    caseref: args.caseref ?? newCaseref(),
    subject: args.subject ?? 'test/injected',
    data,
    disclosure,
  });
}
