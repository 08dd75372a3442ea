import { createServer } from 'node:net';

/** Ports the OS says are free now, so tests never collide with a running `npm start`. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
    }),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** A free port for every process of a RunningSystem (five services and the audit archiver). */
export async function freeSystemPorts(): Promise<Record<'schools' | 'municipality' | 'police' | 'health' | 'court' | 'audit', number>> {
  const [schools, municipality, police, health, court, audit] = (await freePorts(6)) as [number, number, number, number, number, number];
  return { schools, municipality, police, health, court, audit };
}
