import { rmSync } from 'node:fs';

export default async function teardown() {
  const broker = globalThis.__casenetKafka;
  if (!broker) return;
  await broker.stop();
  rmSync(broker.home, { recursive: true, force: true });
  delete process.env.CASENET_TEST_KAFKA;
}
