#!/usr/bin/env node
// The README's two commands. Plain Node with no dependencies: it runs before `npm install`.
//   npm start  -> install, build, Postgres + Kafka, migrate, five services, demo, serve
//   npm test   -> install, build, lint, typecheck, every test
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
process.chdir(root);
const [command = 'start', ...rest] = process.argv.slice(2);

// Progress goes to stderr so `$(npm run -s token -- ...)` captures only the token.
const say = (line) => process.stderr.write(`\n▸ ${line}\n`);

function run(cmd, args, options = {}) {
  const result = spawnSync(cmd, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${cmd} ${args.join(' ')} failed (${result.status ?? result.signal})\n`);
    process.exit(result.status ?? 1);
  }
}

const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function ensureDependencies() {
  const marker = 'node_modules/.package-lock.json';
  if (mtime(marker) >= Math.max(mtime('package.json'), mtime('package-lock.json'))) return;
  say('Installing dependencies (npm install)');
  // npm install, not npm ci: lockfiles made here can lack other platforms' optional binaries.
  run('npm', ['install', '--no-audit', '--no-fund']);
}

function dockerMayExist() {
  return Boolean(process.env.DOCKER_HOST) || existsSync('/var/run/docker.sock');
}

/** The local Kafka broker is Apache Kafka's own jars (Maven fetches them) on a JVM: Java 17+ and Maven. */
function ensureKafkaPrerequisites() {
  if (process.env.KAFKA_BROKERS || dockerMayExist()) return;
  if (commandExists('java') && commandExists('mvn')) return;
  if (process.getuid?.() === 0 && commandExists('apt-get')) {
    say('Installing Java and Maven for the local Apache Kafka broker (apt-get)');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'default-jdk-headless', 'maven'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  process.stderr.write(
    '\n✗ No Kafka broker: set KAFKA_BROKERS, run a Docker engine, or install Java 17+ and Maven\n' +
      '  (sudo apt-get install default-jdk-headless maven) for the local Apache Kafka broker.\n',
  );
  process.exit(1);
}

/** The `npm start` broker's address and the auditors' credentials, for `npm run audit -- verify --source topics`. */
function devAuditorKafkaEnv() {
  const file = '.dev/kafka/credentials.json';
  if (process.env.KAFKA_BROKERS || !existsSync(file)) return {};
  const state = JSON.parse(readFileSync(file, 'utf8'));
  const auditor = state.principals['casenet-audit'];
  return {
    KAFKA_BROKERS: `127.0.0.1:${state.port}`,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: auditor.username,
    KAFKA_SASL_PASSWORD: auditor.password,
  };
}

function commandExists(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function build() {
  say('Building (tsc -b)');
  run('npx', ['tsc', '-b', 'tsconfig.build.json']);
}

/** The caseworkers' UIs (Vite), each served by its agency's service at /ui/; skipped when up to date. */
function buildUis(...flags) {
  say('Building the caseworker UIs (Vite)');
  run(process.execPath, ['tools/ui/build-ui.mjs', ...flags]);
}

/** The browser tests drive Debian's chromium: install it when missing and we may (root with apt-get). */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH || existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() === 0 && commandExists('apt-get')) {
    say('Installing chromium for the browser tests (apt-get)');
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  process.stderr.write('\n✗ The browser tests need chromium: sudo apt-get install chromium, or set CHROMIUM_PATH\n');
  process.exit(1);
}

function jest(args) {
  run(process.execPath, ['--experimental-vm-modules', 'node_modules/jest/bin/jest.js', ...args], {
    env: { ...process.env, NX_DAEMON: 'false' },
  });
}

function summarise(file) {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const skipped = report.numPendingTests + report.numTodoTests;
  process.stdout.write(`\ntests: ${report.numPassedTests} passed, ${report.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
}

function uiProjects() {
  return ['tests/ui', 'libs/ui', 'apps/schools-ui', 'apps/municipality-ui', 'apps/police-ui', 'apps/health-ui', 'apps/court-ui'].filter((dir) =>
    existsSync(`${dir}/tsconfig.json`),
  );
}

ensureDependencies();
switch (command) {
  case 'start':
    ensureKafkaPrerequisites();
    build();
    buildUis();
    say('Starting PostgreSQL, Kafka and the five services');
    run(process.execPath, ['libs/testing/dist/dev/start.js', ...rest]);
    break;
  case 'test': {
    ensureKafkaPrerequisites();
    ensureChromium();
    build();
    buildUis('--force');
    say('Format (prettier --check; `npm run format` fixes it)');
    run('npx', ['prettier', '--check', '--log-level', 'warn', '.']);
    say('Lint (including Nx module boundaries between agencies)');
    // The boundary rule reads Nx's project graph; compute it first (no daemon in CI).
    run('npx', ['nx', 'show', 'projects'], { stdio: 'ignore', env: { ...process.env, NX_DAEMON: 'false' } });
    run('npx', ['eslint', '.', '--max-warnings=0'], { env: { ...process.env, NX_DAEMON: 'false' } });
    say('Typecheck (sources and specs)');
    run('npx', ['tsc', '-p', 'tsconfig.check.json']);
    for (const project of uiProjects()) run('npx', ['tsc', '-p', project]);
    say('UI unit tests (vitest)');
    run('npx', ['vitest', 'run']);
    say('Tests: unit, integration, system (services as separate processes)');
    const report = '.dev/jest-report.json';
    jest(['--runInBand', '--json', `--outputFile=${report}`, ...rest]);
    summarise(report);
    break;
  }
  case 'policy':
    build();
    run(process.execPath, ['libs/privacy/dist/print-policy.js', ...rest]);
    break;
  case 'asyncapi':
    build();
    run(process.execPath, ['libs/privacy/dist/asyncapi/print-asyncapi.js', ...rest]);
    break;
  case 'erase':
    build();
    // Defaults point at the `npm start` system; set KEY_VAULT_URL and the *SUBJECT_KEY_SECRET variables for any other.
    run(process.execPath, ['libs/privacy/dist/erase-subject.js', ...rest], {
      env: {
        KEY_VAULT_URL: 'postgres://keyvault:casenet-dev-keyvault@127.0.0.1:5432/casenet_keyvault',
        SUBJECT_KEY_SECRET: 'casenet-dev-subject-key-secret-not-for-production',
        POLICE_SUBJECT_KEY_SECRET: 'casenet-dev-police-subject-key-secret-not-for-production',
        HEALTH_SUBJECT_KEY_SECRET: 'casenet-dev-health-subject-key-secret-not-for-production',
        COURT_SUBJECT_KEY_SECRET: 'casenet-dev-court-subject-key-secret-not-for-production',
        ...(existsSync('.dev/keys/master-key.b64') ? { MASTER_KEY: readFileSync('.dev/keys/master-key.b64', 'utf8').trim() } : {}),
        KEK_DIR: '.dev/keys/kek',
        ...process.env,
      },
    });
    break;
  case 'audit':
    build();
    // Defaults point at the `npm start` system's archive; set the variables for any other.
    run(process.execPath, ['apps/audit/dist/cli.js', ...rest], {
      env: {
        AUDIT_DATABASE_URL: 'postgres://audit:casenet-dev-audit@127.0.0.1:5432/casenet_audit',
        TRUST_LIST_FILE: '.dev/keys/trust-list.json',
        ...devAuditorKafkaEnv(),
        // `disclosure`: the key vault, the pseudonymisation secrets and the services of the `npm start` system (tokens are the DPO's to give).
        KEY_VAULT_URL: 'postgres://keyvault:casenet-dev-keyvault@127.0.0.1:5432/casenet_keyvault',
        SUBJECT_KEY_SECRET: 'casenet-dev-subject-key-secret-not-for-production',
        POLICE_SUBJECT_KEY_SECRET: 'casenet-dev-police-subject-key-secret-not-for-production',
        HEALTH_SUBJECT_KEY_SECRET: 'casenet-dev-health-subject-key-secret-not-for-production',
        COURT_SUBJECT_KEY_SECRET: 'casenet-dev-court-subject-key-secret-not-for-production',
        SCHOOLS_API_URL: 'http://127.0.0.1:3101',
        MUNICIPALITY_API_URL: 'http://127.0.0.1:3102',
        POLICE_API_URL: 'http://127.0.0.1:3103',
        HEALTH_API_URL: 'http://127.0.0.1:3104',
        COURT_API_URL: 'http://127.0.0.1:3105',
        ...process.env,
      },
    });
    break;
  case 'bench-verify':
    ensureKafkaPrerequisites();
    build();
    run(process.execPath, ['bench/dist/verify.bench.js', ...rest]);
    break;
  case 'bench-pipeline':
    ensureKafkaPrerequisites();
    build();
    run(process.execPath, ['bench/dist/pipeline.bench.js', ...rest]);
    break;
  case 'ui-openapi':
    ensureKafkaPrerequisites();
    build();
    run(process.execPath, ['libs/testing/dist/dev/write-ui-openapi.js']);
    break;
  case 'replay':
    // The 2022/23 year through a throwaway system of its own (libs/testing/src/replay): never the `npm start` data.
    ensureKafkaPrerequisites();
    build();
    run(process.execPath, ['libs/testing/dist/replay/replay.cli.js', ...rest]);
    break;
  case 'build-ui':
    buildUis(...rest);
    break;
  case 'token':
    build();
    run(process.execPath, ['libs/testing/dist/dev/print-token.js', ...rest]);
    break;
  default:
    process.stderr.write(`unknown command ${command}: use start, test, token, policy, asyncapi, erase, audit, replay, bench-verify or bench-pipeline\n`);
    process.exit(2);
}
