import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kafkaSecurityFiles } from './kafka-security-files.js';

/** `npm run kafka-acls`: writes the generated docs, compose script and Strimzi manifests. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
for (const [path, content] of Object.entries(kafkaSecurityFiles())) {
  const file = join(root, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (path.endsWith('.sh')) chmodSync(file, 0o755);
  process.stdout.write(`kafka-acls: wrote ${path}\n`);
}
