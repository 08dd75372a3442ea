import { isErased, mergeLeaves, type SubjectSealer } from '@casenet/privacy';
import type { TrustList } from '@casenet/audit-log';

/** `clear`: the data as it travelled outside the seal, to check nothing personal did. */
export type Unsealed = { ok: true; plain: unknown; clear: unknown } | { ok: false; reason: string } | { ok: 'erased'; subject: string };

/**
 * Parses raw bytes and, when the event carries a sealed personal part, opens it with the
 * subject's key and merges it into `data`, so validation sees the whole event. Database errors
 * of the vault propagate (the message is redelivered); anything else about the bytes is a reason.
 */
export async function unsealInbound(raw: Buffer | string | null, sealer: SubjectSealer | undefined): Promise<Unsealed> {
  if (raw === null || raw.length === 0) return { ok: false, reason: 'empty message' };
  let plain: unknown;
  try {
    plain = JSON.parse(raw.toString());
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return { ok: false, reason: 'event must be a JSON object' };
  const { sealed, ...envelope } = plain as Record<string, unknown>;
  if (sealed === undefined) return { ok: true, plain, clear: envelope.data };
  if (typeof sealed !== 'string') return { ok: false, reason: 'sealed must be a string' };
  if (!sealer) return { ok: false, reason: 'the event carries sealed personal data but this service has no key vault' };
  if (typeof envelope.subject !== 'string') return { ok: false, reason: 'a sealed event needs its subject key in subject' };
  let personal: unknown;
  try {
    personal = await sealer.open(envelope.subject, sealed);
  } catch (error) {
    if (error instanceof Error && /^(not a sealed value|Unsupported state|unable to authenticate)/i.test(error.message)) {
      return { ok: false, reason: `sealed data cannot be opened: ${error.message}` };
    }
    throw error;
  }
  if (isErased(personal)) return { ok: 'erased', subject: envelope.subject };
  const data = mergeLeaves({ ...((envelope.data as Record<string, unknown>) ?? {}) }, personal);
  return { ok: true, plain: { ...envelope, data }, clear: envelope.data };
}

/** Why the bytes are not a validly signed event of the producer they name; undefined if they are. */
export function signatureProblem(raw: Buffer | string | null, trust: TrustList): string | undefined {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(raw?.toString() ?? '') as Record<string, unknown>;
  } catch {
    return undefined; // not JSON: reported as such by the parser
  }
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return undefined;
  if (typeof event.signature !== 'string') return 'unsigned event';
  const producer = typeof event.source === 'string' ? event.source.replace(/^urn:casenet:/, '') : '';
  const problem = trust.check(event, producer);
  if (problem === 'unknown-signer') return `signed with key ${String(event.signingkey)}, which is not trusted for ${producer}`;
  if (problem === 'bad-signature') return 'the signature does not match the event';
  return undefined;
}
