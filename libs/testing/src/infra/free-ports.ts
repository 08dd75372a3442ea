import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';

/**
 * Below Linux's ephemeral range (32768–60999): the kernel hands ephemeral ports to the mock
 * broker and to outgoing connections, so a port picked there could be taken between the test
 * choosing it and the service binding it. Ports in this band are only ever taken on purpose.
 */
const BAND = { from: 20_000, to: 32_000 } as const;

/** Ports free now, outside the ephemeral range, so tests never collide with each other or `npm start`. */
export async function freePorts(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = randomInt(BAND.from, BAND.to);
    if (!ports.includes(port) && (await isFree(port))) ports.push(port);
  }
  return ports;
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** A free port for every process of a RunningSystem (five services and the audit archiver). */
export async function freeSystemPorts(): Promise<Record<'schools' | 'municipality' | 'police' | 'health' | 'court' | 'audit', number>> {
  const [schools, municipality, police, health, court, audit] = (await freePorts(6)) as [number, number, number, number, number, number];
  return { schools, municipality, police, health, court, audit };
}
