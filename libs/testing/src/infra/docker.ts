/**
 * Whether a container engine answers. testcontainers is loaded lazily: it is only needed where
 * Docker exists, and its newer majors cannot even load on Node 20.
 */
let answer: Promise<boolean> | undefined;

export function dockerAvailable(): Promise<boolean> {
  answer ??= (async () => {
    if (process.env.CASENET_NO_DOCKER === '1') return false;
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      await getContainerRuntimeClient();
      return true;
    } catch {
      return false;
    }
  })();
  return answer;
}
