import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { AGENCIES } from '@casenet/contracts';
import { DEV_DIR, eventually, freePorts, freeSystemPorts, RunningSystem, type ServiceProcess } from '@casenet/testing';

jest.setTimeout(180_000);

/**
 * Every service authenticates to Kafka as its own SCRAM principal. One whose password is wrong
 * must say so on /health (503, naming the principal and the settings to check) instead of dying
 * at its consumer's first connect with nothing to ask.
 */
describe('Kafka credentials', () => {
  let system: RunningSystem;
  const impostors: ServiceProcess[] = [];

  beforeAll(async () => {
    system = await RunningSystem.start({ namespace: `t_creds_${process.pid}`, ports: await freeSystemPorts(), dropDatabasesOnStop: true });
  });

  afterAll(async () => {
    await Promise.all(impostors.map((p) => p.stop()));
    await system?.stop();
  });

  it('a service whose SASL password is wrong fails /health with a clear message', async () => {
    if (system.kafka.source !== 'Apache Kafka') return; // only the harness's own broker has known principals
    const ports = await freePorts(AGENCIES.length);
    // Every agency's service, each with a password the broker never issued.
    for (const [i, agency] of AGENCIES.entries()) {
      const impostor = system.services[agency].replica(ports[i] as number, `${DEV_DIR}/logs/t_creds_${process.pid}/${agency}-wrong.log`, {
        KAFKA_SASL_PASSWORD: `wrong-${i}`,
      });
      impostors.push(impostor);
      impostor.start();
    }
    for (const [i, agency] of AGENCIES.entries()) {
      const impostor = impostors[i] as ServiceProcess;
      const body = await eventually(
        async () => {
          const response = await fetch(`${impostor.baseUrl}/health`).catch(() => undefined);
          return response ? { status: response.status, text: await response.text() } : undefined;
        },
        `${agency} with a wrong password to answer /health`,
        60_000,
      );
      expect(body.status).toBe(503);
      expect(body.text).toContain(`Kafka refused the credentials of casenet-${agency}`);
      expect(body.text).toContain('KAFKA_SASL_PASSWORD');
      expect(impostor.running).toBe(true);
    }
    // The right credentials on the same broker still work.
    for (const agency of AGENCIES) expect((await fetch(`${system.services[agency].baseUrl}/health`)).status).toBe(200);
  });
});
