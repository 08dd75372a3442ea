import { AGENCIES } from '@casenet/contracts';
import { writeFileSync } from 'node:fs';
import { freeSystemPorts } from '../infra/free-ports.js';
import { REPO_ROOT } from '../infra/paths.js';
import { RunningSystem } from '../infra/system.js';

/**
 * `npm run ui:openapi`: each agency UI's `openapi.json`, read from its service started for the
 * purpose (own databases and broker, free ports, all removed after). The UI's client is typed from
 * it by the build, and tests/ui fails when a service's document drifts from the committed one.
 */
const system = await RunningSystem.start({ namespace: `openapi_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true, ownBroker: true });
try {
  for (const agency of AGENCIES) {
    const response = await fetch(`${system.services[agency].baseUrl}/openapi.json`);
    if (!response.ok) throw new Error(`${agency}: /openapi.json answered ${response.status}`);
    writeFileSync(`${REPO_ROOT}apps/${agency}-ui/openapi.json`, `${JSON.stringify(await response.json(), null, 2)}\n`);
    process.stderr.write(`  ${agency}: apps/${agency}-ui/openapi.json\n`);
  }
} finally {
  await system.stop();
}
