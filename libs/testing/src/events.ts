import { type Agency, type EventEnvelope, findContract, newCaseref, newEvent, producerOfSource } from '@casenet/contracts';
import { loadSharingPolicy, type SharingPolicy, type SubjectSealer } from '@casenet/privacy';
import { GENESIS, SigningKey } from '@casenet/audit-log';
import { devSigningKeyFile, devSigningKeyId, ensureDevSigningKeys } from './infra/dev-secrets.js';

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
  const wire: Record<string, unknown> = personal ? { ...event, data: clear, sealed: await sealer.seal(event.subject, personal) } : { ...event };
  return JSON.stringify(signedAsProducer(wire));
}

/** Signed with the producer's dev key, as the first link of a chain: consumers verify signatures. */
export function signedAsProducer(event: Record<string, unknown>, chainseq = 1, prevhash = GENESIS): Record<string, unknown> {
  ensureDevSigningKeys();
  const producer = producerOfSource(event.source) ?? '';
  return SigningKey.fromPemFile(devSigningKeyId(producer), devSigningKeyFile(producer)).seal(event, chainseq, prevhash);
}
