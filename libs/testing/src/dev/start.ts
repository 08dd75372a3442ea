import { AGENCIES } from '@casenet/contracts';
import { FlowSteps } from '../flow-steps.js';
import { DEV_DIR } from '../infra/paths.js';
import { playDemo } from './demo.js';
import { startDevSystem } from './dev-system.js';
import { rmSync, writeFileSync } from 'node:fs';

/** The demo's first school, whose reports a schools caseworker sees after signing in. */
const DEMO_SCHOOL_HINT = 'MIEE123456';

/** `npm start`: the whole system on this machine, a demo once, then serving until Ctrl-C. */
const log = (line: string) => process.stdout.write(`${line}\n`);

const system = await startDevSystem(DEV_DIR);
// Where tools that are not services (`npm run audit -- verify --source topics`) find this broker:
// its address (ports may change between starts) and where its home keeps the principals' credentials.
const connectionFile = `${DEV_DIR}/kafka-connection.json`;
const credentialsFile = system.kafka.broker ? `${system.kafka.broker.home}/credentials.json` : undefined;
writeFileSync(connectionFile, `${JSON.stringify({ brokers: system.kafka.brokers, topicPrefix: system.topicPrefix, credentialsFile }, null, 2)}\n`, {
  mode: 0o600,
});
let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping the services…`);
  rmSync(connectionFile, { force: true });
  await system.stop();
  log('stopped.');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

log(`\nPostgreSQL: ${system.postgres.source}; Kafka: ${system.kafka.description}`);
log('Services (each its own process and database) and their caseworkers’ UIs:');
for (const agency of AGENCIES) {
  const service = system.services[agency];
  log(`  ${agency.padEnd(13)} UI ${service.baseUrl}/ui/   API ${service.baseUrl}/docs   log ${service.logFile}`);
}
log(`  UI sign-in: the dev login on each page (choose a role; schools: school code ${DEMO_SCHOOL_HINT}). It exists only beside the dev issuer.`);
log(`  ${'audit'.padEnd(13)} ${system.archiver.baseUrl}/health   (archiver of every topic)   log ${system.archiver.logFile}`);

try {
  await playDemo(system, new FlowSteps(system), log);
} catch (error) {
  log(`\nThe demo failed: ${error instanceof Error ? error.message : String(error)}`);
  log(`Service logs are in ${DEV_DIR}/logs/start/.`);
}
log('\nAuditors: npm run audit -- verify | timeline --case <caseref> --html case.html | rebuild --service schools --database-url <url>');
log('Serving. A token for the APIs: npm run token -- <agency> [role] (schools: add --school <code>, e.g. MIEE123456). Ctrl-C stops everything.');
