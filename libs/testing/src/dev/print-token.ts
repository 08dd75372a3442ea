import { ROLES, ensureDevKeys } from '@casenet/auth';
import { AGENCIES, isAgency } from '@casenet/contracts';
import { DEV_KEYS } from '../infra/paths.js';
import { devToken } from '../tokens.js';
import { ensureDevSigningKeys } from '../infra/dev-secrets.js';

/** `npm run token -- <agency> [role]`: a dev bearer token, e.g. for Swagger UI's Authorize. */
const [agency, role = 'caseworker'] = process.argv.slice(2);
if (!isAgency(agency) || !(ROLES as readonly string[]).includes(role)) {
  process.stderr.write(`usage: npm run token -- <${AGENCIES.join('|')}> [${ROLES.join('|')}]\n`);
  process.exit(2);
}
await ensureDevKeys(DEV_KEYS);
ensureDevSigningKeys(); // docker-compose mounts these too
process.stdout.write(`${await devToken(agency, [role])}\n`);
