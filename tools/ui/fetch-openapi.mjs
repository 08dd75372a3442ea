#!/usr/bin/env node
// Writes each agency's OpenAPI document, read from its running service, beside its UI:
//   node tools/ui/fetch-openapi.mjs [base URL per agency as agency=url ...]
// Default: the `npm start` system (schools 3101 … court 3105). The UI's client is typed from it
// (tools/ui/build-ui.mjs) and tests/ui/ui-contract.test.ts fails when it drifts from the service.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const PORTS = { schools: 3101, municipality: 3102, police: 3103, health: 3104, court: 3105 };
const given = Object.fromEntries(process.argv.slice(2).map((arg) => arg.split('=')));
for (const [agency, port] of Object.entries(PORTS)) {
  const base = given[agency] ?? `http://127.0.0.1:${port}`;
  const response = await fetch(`${base}/openapi.json`);
  if (!response.ok) throw new Error(`${agency}: ${base}/openapi.json answered ${response.status}`);
  writeFileSync(`${root}apps/${agency}-ui/openapi.json`, `${JSON.stringify(await response.json(), null, 2)}\n`);
  process.stderr.write(`  ${agency}: apps/${agency}-ui/openapi.json\n`);
}
