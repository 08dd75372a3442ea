import { type Agency, type EventEnvelope, findContract, newCaseref, newEvent } from '@casenet/contracts';
import { loadSharingPolicy, type SharingPolicy, type SubjectSealer } from '@casenet/privacy';

let reviewedPolicy: SharingPolicy | undefined;

export interface SenderEventArgs {
  type: string;
  to: Agency;
  source: object;
  caseref?: string;
  /** The child's pseudonymous key; the personal part is sealed under it. */
  subject?: string;
  policy?: SharingPolicy;
}

/**
 * An event as its producer would send it to `to`: `source` projected through the sharing
 * policy (the reviewed one unless given), with the disclosure in the envelope. `data` holds the
 * whole projection; use `onTheWire` for the bytes a producer actually publishes.
 */
export function senderEvent<T extends object>(args: SenderEventArgs): EventEnvelope<T> {
  const contract = findContract(args.type);
  if (!contract) throw new Error(`unknown event type ${args.type}`);
  const policy = args.policy ?? (reviewedPolicy ??= loadSharingPolicy());
  const { data, disclosure } = policy.project<T>(args.type, args.to, args.source);
  return newEvent({
    producer: contract.producer,
    type: args.type,
    caseref: args.caseref ?? newCaseref(),
    subject: args.subject ?? 'sk1_test-subject-0000000000000000000000000000000',
    data,
    disclosure,
  });
}

/** The event's bytes as a producer publishes them: the personal part sealed under the subject's key. */
export async function onTheWire(
  event: EventEnvelope<object>,
  to: Agency,
  sealer: SubjectSealer,
  policy: SharingPolicy = (reviewedPolicy ??= loadSharingPolicy()),
): Promise<string> {
  const { clear, personal } = policy.partition(event.type, to, event.data);
  if (!personal) return JSON.stringify(event);
  return JSON.stringify({ ...event, data: clear, sealed: await sealer.seal(event.subject, personal) });
}
