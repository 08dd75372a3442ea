// One real Kafka broker for the whole jest run, shared by every test file (each keeps its own
// topic and group prefix). Plain ESM on the compiled harness: jest loads global setup outside
// its module mapping. Skipped when KAFKA_BROKERS is set or when only unit specs run.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

function onlyUnitSpecs(globalConfig) {
  if (globalConfig.selectProjects?.length && globalConfig.selectProjects.every((p) => p === 'unit')) return true;
  const patterns = globalConfig.testPathPatterns?.patterns ?? globalConfig.testPathPattern ?? [];
  const list = Array.isArray(patterns) ? patterns : [patterns];
  return list.length > 0 && list.every((p) => /(?<!int-)spec(\.ts)?\$?$/.test(String(p)));
}

export default async function setup(globalConfig) {
  if (process.env.KAFKA_BROKERS || process.env.CASENET_TEST_KAFKA || onlyUnitSpecs(globalConfig)) return;
  const { startOwnBroker } = await import(`${root}libs/testing/dist/infra/kafka.js`).catch((error) => {
    throw new Error(`the compiled test harness cannot be loaded (npx tsc -b tsconfig.build.json; npm test does): ${error.message}`);
  });
  const started = Date.now();
  const { broker } = await startOwnBroker();
  globalThis.__casenetKafka = broker;
  const file = `${broker.home}/connection.json`;
  writeFileSync(
    file,
    JSON.stringify({ brokers: broker.brokers, version: broker.version, home: broker.home, admin: broker.admin, principals: broker.principals }),
    { mode: 0o600 },
  );
  process.env.CASENET_TEST_KAFKA = file;
  process.stderr.write(
    `\nApache Kafka ${broker.version} (KRaft), SASL/SCRAM on ${broker.brokers.join(',')}, ready in ${Date.now() - started} ms, data in ${broker.home}\n`,
  );
}
