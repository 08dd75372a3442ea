import { normaliseTaxCode } from '@casenet/contracts';
import { createHmac } from 'node:crypto';

/**
 * The pseudonymous key under which records of the same child meet: HMAC-SHA-256 of the
 * normalised tax code under a secret held only by the agencies that link. Without the secret
 * the key reveals nothing and cannot be recomputed from a guessed tax code.
 */
export function subjectKey(secret: string, taxCode: string): string {
  return `sk1_${createHmac('sha256', secret).update(normaliseTaxCode(taxCode)).digest('base64url')}`;
}

export const SUBJECT_KEY_PATTERN = /^sk1_[A-Za-z0-9_-]{43}$/;
