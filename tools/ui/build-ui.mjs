#!/usr/bin/env node
// Builds agency UIs: types from each committed OpenAPI document (openapi-typescript), then Vite.
//   node tools/ui/build-ui.mjs [agency...]   (no agency: all five)
// Skips a UI whose dist is newer than every source it is built from, so a second `npm start` is quick.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const ALL = ['schools', 'municipality', 'police', 'health', 'court'];
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const force = process.argv.includes('--force');
const agencies = (wanted.length ? wanted : ALL).filter((agency) => existsSync(join(root, `apps/${agency}-ui/index.html`)));

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(path)
      .filter((n) => n !== 'node_modules' && n !== 'dist')
      .map((name) => newest(join(path, name))),
  );
}

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', cwd: root });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const { build } = await import('vite');
const libStamp = Math.max(newest(join(root, 'libs/ui')), newest(join(root, 'tools/ui')), newest(join(root, 'package-lock.json')));
for (const agency of agencies) {
  const dir = join(root, `apps/${agency}-ui`);
  const built = existsSync(join(dir, 'dist/index.html')) ? statSync(join(dir, 'dist/index.html')).mtimeMs : 0;
  if (!force && built > Math.max(libStamp, newest(dir))) continue;
  run(process.execPath, [
    join(root, 'node_modules/openapi-typescript/bin/cli.js'),
    join(dir, 'openapi.json'),
    '-o',
    join(dir, 'src/api/schema.d.ts'),
    '--silent',
  ]);
  process.stderr.write(`  building the ${agency} UI\n`);
  await build({ configFile: join(dir, 'vite.config.ts'), logLevel: 'warn' });
}
