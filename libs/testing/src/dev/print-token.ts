import { parseArgs } from 'node:util';
import { ROLES, ensureDevKeys } from '@casenet/auth';
import { AGENCIES, isAgency, SCHOOL_CODE_PATTERN } from '@casenet/contracts';
import { DEV_KEYS } from '../infra/paths.js';
import { devToken } from '../tokens.js';
import { ensureDevSigningKeys } from '../infra/dev-secrets.js';

/**
 * `npm run token -- <agency> [role] [--school <code>]...`: a dev bearer token, e.g. for Swagger UI's
 * Authorize. Each school is its own data controller, so a schools token names the schools it acts
 * for (`--school`, repeatable), whatever its role, integration systems included; the school office
 * (`ust`) names none and sees no report. No other agency takes school codes.
 */
const usage = [
  `usage: npm run token -- <${AGENCIES.join('|')}> [${ROLES.filter((r) => r !== 'ust').join('|')}]`,
  `       npm run token -- schools <${ROLES.filter((r) => r !== 'ust').join('|')}> --school <code> [--school <code>]...`,
  '       npm run token -- schools ust',
  '  e.g. npm run token -- schools integration --school MIEE123456',
].join('\n');

// Keys first: `npm run token -- <agency>` is also how a checkout gets its dev keys (deploy/README.md).
await ensureDevKeys(DEV_KEYS);
ensureDevSigningKeys(); // docker-compose mounts these too

function fail(reason: string): never {
  process.stderr.write(`${reason}\n${usage}\n`);
  process.exit(2);
}

let parsed: ReturnType<typeof parse>;
function parse() {
  return parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { school: { type: 'string', multiple: true } } });
}
try {
  parsed = parse();
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const [agency, role = 'caseworker', ...extra] = parsed.positionals;
const schoolCodes = (parsed.values.school ?? []).map((code) => code.toUpperCase());
if (!isAgency(agency)) fail(`unknown agency ${agency ?? '(none)'}`);
if (!(ROLES as readonly string[]).includes(role)) fail(`unknown role ${role}`);
if (extra.length > 0) fail(`unexpected ${extra.join(' ')}`);
const bad = schoolCodes.find((code) => !SCHOOL_CODE_PATTERN.test(code));
if (bad) fail(`${bad} is not a school code (codice meccanografico: two letters, then eight letters or digits)`);
if (agency !== 'schools' && schoolCodes.length > 0) fail(`--school is for schools tokens; ${agency} acts for no school`);
if (agency !== 'schools' && role === 'ust') fail('ust is the school office: a schools role');
if (agency === 'schools' && role === 'ust' && schoolCodes.length > 0) fail('the school office (ust) acts for no single school: drop --school');
if (agency === 'schools' && role !== 'ust' && schoolCodes.length === 0) {
  fail(`a schools ${role} token must name the schools it acts for: add --school <code> (each school is its own data controller)`);
}
process.stdout.write(`${await devToken(agency, [role], { schoolCodes })}\n`);
