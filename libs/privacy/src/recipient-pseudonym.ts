import { type Agency, normaliseTaxCode } from '@casenet/contracts';
import { createHmac } from 'node:crypto';
import { SUBJECT_KEY_PATTERN, subjectKey } from './subject-key.js';

/**
 * Agencies that see the child under a pseudonym of their own (ADR 0019). Schools share the
 * coordinator's `sk1_` pseudonym: they file the reports the municipality links, and their status
 * updates come back under it. Everyone else gets one only the coordinator can relate to the others.
 */
export const PSEUDONYMOUS_RECIPIENTS = ['police', 'health', 'court'] as const;
export type PseudonymousRecipient = (typeof PSEUDONYMOUS_RECIPIENTS)[number];

/** Whose pseudonym space an agency reads and writes: the coordinator's, or its own. */
export type PseudonymSpace = 'coordinator' | PseudonymousRecipient;

/** One secret per space. The municipality holds them all; police only its own; schools the coordinator's. */
export type PseudonymSecrets = Partial<Record<PseudonymSpace, string>>;

export const PSEUDONYM_PATTERN = /^(?:sk1_|sk2_(?:police|health|court)_)[A-Za-z0-9_-]{43}$/;

export function isPseudonymousRecipient(agency: string): agency is PseudonymousRecipient {
  return (PSEUDONYMOUS_RECIPIENTS as readonly string[]).includes(agency);
}

export function pseudonymSpaceOf(agency: Agency): PseudonymSpace {
  return isPseudonymousRecipient(agency) ? agency : 'coordinator';
}

/** The environment variable holding a space's secret (the coordinator's keeps its old name). */
export function pseudonymSecretVariable(space: PseudonymSpace): string {
  return space === 'coordinator' ? 'SUBJECT_KEY_SECRET' : `${space.toUpperCase()}_SUBJECT_KEY_SECRET`;
}

/**
 * `sk2_<agency>_<HMAC-SHA-256(agency secret, "casenet/pseudonym/v2/<agency>:" + normalised tax code)>`.
 * The agency in the prefix makes the pseudonym say whose it is; the agency in the hashed message
 * keeps two agencies' pseudonyms apart even if an operator gave them the same secret by mistake.
 */
export function recipientPseudonym(agency: PseudonymousRecipient, secret: string, taxCode: string): string {
  const mac = createHmac('sha256', secret)
    .update(`casenet/pseudonym/v2/${agency}:${normaliseTaxCode(taxCode)}`)
    .digest('base64url');
  return `sk2_${agency}_${mac}`;
}

/** The child's pseudonym in one space, from that space's secret. */
export function pseudonymIn(space: PseudonymSpace, secret: string, taxCode: string): string {
  return space === 'coordinator' ? subjectKey(secret, taxCode) : recipientPseudonym(space, secret, taxCode);
}

/** Every pseudonym of the child the given secrets can derive, by space. */
export function childPseudonyms(secrets: PseudonymSecrets, taxCode: string): Partial<Record<PseudonymSpace, string>> {
  const out: Partial<Record<PseudonymSpace, string>> = {};
  for (const space of ['coordinator', ...PSEUDONYMOUS_RECIPIENTS] as const) {
    const secret = secrets[space];
    if (secret) out[space] = pseudonymIn(space, secret, taxCode);
  }
  return out;
}

/** Whose space a pseudonym belongs to, read from its prefix; undefined when it is none of ours. */
export function pseudonymSpace(pseudonym: string): PseudonymSpace | undefined {
  if (SUBJECT_KEY_PATTERN.test(pseudonym)) return 'coordinator';
  if (!PSEUDONYM_PATTERN.test(pseudonym)) return undefined;
  const agency = pseudonym.split('_')[1] as string;
  return isPseudonymousRecipient(agency) ? agency : undefined;
}
