import { DEFAULT_POLICY_FILE, loadSharingPolicy } from '../sharing-policy.js';
import { readFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { asyncApiDocument } from './asyncapi.document.js';

const CONTRACTS_PACKAGE = new URL('../../../contracts/package.json', import.meta.url);

/** The AsyncAPI document as published in docs/asyncapi.yaml (`npm run asyncapi > docs/asyncapi.yaml`). */
export function asyncApiYaml(): string {
  const { version } = JSON.parse(readFileSync(CONTRACTS_PACKAGE, 'utf8')) as { version: string };
  const header = '# GENERATED from libs/contracts and the sharing policy by `npm run asyncapi`; do not edit.\n';
  return header + stringify(asyncApiDocument(loadSharingPolicy(DEFAULT_POLICY_FILE), version), { aliasDuplicateObjects: false, lineWidth: 0 });
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(asyncApiYaml());
