import { readDevPrivateKey, signDevToken, type DevTokenClaims } from '@casenet/auth';
import { DEV_KEYS } from './infra/paths.js';

/** A bearer token from the local dev issuer (keys under .dev/keys, made on first use). */
export function devToken(agency: string, roles: string[] = ['caseworker'], extra: Partial<DevTokenClaims> = {}): Promise<string> {
  return signDevToken(readDevPrivateKey(DEV_KEYS), { agency, roles, ...extra });
}
