import { isErased, mergeLeaves, type SubjectSealer } from '@casenet/privacy';
import type { TrustList } from '@casenet/audit-log';
import { type FieldProblem, inputProblem, producerOfSource } from '@casenet/contracts';
import { isUtf8 } from 'node:buffer';

/** `clear`: the data as it travelled outside the seal, to check nothing personal did. */
export type Unsealed = { ok: true; plain: unknown; clear: unknown } | { ok: false; reason: string } | { ok: 'erased'; subject: string };

export type Parsed = { ok: true; event: Record<string, unknown> } | { ok: false; reason: string; errors?: FieldProblem[] };

/**
 * Raw message bytes as a JSON object, or why they are not one. Checked, as HTTP bodies are,
 * before anything recursive (signature canonicalisation, validation) sees them: UTF-8, no NUL,
 * no prototype keys, not nested past the depth limit.
 */
export function parseInbound(raw: Buffer | string | null): Parsed {
  if (raw === null || raw.length === 0) return { ok: false, reason: 'empty message' };
  if (typeof raw !== 'string' && !isUtf8(raw)) return { ok: false, reason: 'the message holds bytes that are not UTF-8' };
  let plain: unknown;
  try {
    plain = JSON.parse(raw.toString());
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return { ok: false, reason: 'event must be a JSON object' };
  const problem = inputProblem(plain);
  if (problem) return { ok: false, reason: `${problem.path || 'the event'}: ${problem.message}`, errors: [problem] };
  return { ok: true, event: plain as Record<string, unknown> };
}

/** Parses raw bytes and unseals them (see `unsealEvent`). */
export async function unsealInbound(raw: Buffer | string | null, sealer: SubjectSealer | undefined): Promise<Unsealed> {
  const parsed = parseInbound(raw);
  return parsed.ok ? unsealEvent(parsed.event, sealer) : parsed;
}

/**
 * When the event carries a sealed personal part, opens it with the subject's key and merges it
 * into `data`, so validation sees the whole event. Database errors of the vault propagate (the
 * message is redelivered); anything else about the bytes is a reason.
 */
export async function unsealEvent(plain: Record<string, unknown>, sealer: SubjectSealer | undefined): Promise<Unsealed> {
  const { sealed, ...envelope } = plain;
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

/** Why the event is not validly signed by the producer it names; undefined if it is. */
export function signatureProblem(event: Record<string, unknown>, trust: TrustList): string | undefined {
  if (typeof event.signature !== 'string') return 'unsigned event';
  const producer = producerOfSource(event.source) ?? '';
  const problem = trust.check(event, producer);
  if (problem === 'unknown-signer') return `signed with key ${String(event.signingkey)}, which is not trusted for ${producer}`;
  if (problem === 'bad-signature') return 'the signature does not match the event';
  return undefined;
}
