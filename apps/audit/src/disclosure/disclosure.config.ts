import { AGENCIES, type Agency } from '@casenet/contracts';
import { PSEUDONYMOUS_RECIPIENTS, type PseudonymSecrets, pseudonymSecretVariable } from '@casenet/privacy';
import { AuditConfigError } from '../audit.config.js';
import type { AgencyApi } from './access-log.reader.js';

const SPACES = ['coordinator', ...PSEUDONYMOUS_RECIPIENTS] as const;

export interface DisclosureConfig {
  /** The key vault, read only for which key versions exist and when they were destroyed. */
  vaultUrl: string;
  secrets: PseudonymSecrets;
  apis: Partial<Record<Agency, AgencyApi>>;
}

/** `SCHOOLS_API_URL`, `SCHOOLS_AUDITOR_TOKEN`, … */
export const apiUrlVariable = (agency: Agency) => `${agency.toUpperCase()}_API_URL`;
export const auditorTokenVariable = (agency: Agency) => `${agency.toUpperCase()}_AUDITOR_TOKEN`;

/**
 * What the DPO's disclosure record needs beyond the archive: the key vault (erasure times), with
 * a tax code every pseudonymisation secret (the DPO acts at the coordinator, as for `npm run erase`:
 * the child's pseudonym in each agency is derived, never asked of anyone, and nothing new is
 * stored), and per agency its API and an auditor token to read its access log.
 */
export function loadDisclosureConfig(env: NodeJS.ProcessEnv, withTaxCode: boolean): DisclosureConfig {
  const problems: string[] = [];
  const vaultUrl = env.KEY_VAULT_URL ?? '';
  if (!/^postgres(ql)?:\/\//.test(vaultUrl))
    problems.push('KEY_VAULT_URL must be a postgres:// URL of the key vault (the record says whether and when the child was erased)');
  const secrets: PseudonymSecrets = {};
  if (withTaxCode) {
    for (const space of SPACES) {
      const secret = env[pseudonymSecretVariable(space)];
      if (secret) secrets[space] = secret;
      else problems.push(`${pseudonymSecretVariable(space)} must be set: the child's events travel under a pseudonym in every agency`);
    }
  }
  const apis: Partial<Record<Agency, AgencyApi>> = {};
  for (const agency of AGENCIES) {
    const [baseUrl, token] = [env[apiUrlVariable(agency)], env[auditorTokenVariable(agency)]];
    if (baseUrl && !/^https?:\/\//.test(baseUrl)) problems.push(`${apiUrlVariable(agency)} must be an http(s) URL`);
    if (baseUrl && token) apis[agency] = { baseUrl, token };
  }
  if (problems.length > 0) throw new AuditConfigError(`Invalid disclosure configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  return { vaultUrl, secrets, apis };
}
