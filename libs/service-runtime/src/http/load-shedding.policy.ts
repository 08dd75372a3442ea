import type { LoadSettings } from './load.settings.js';

/** Why a request was shed: the label of `casenet_http_shed_total`. */
export type ShedReason = 'in_flight_writes' | 'pool_waiting' | 'pool_exhausted';

/** What the shedder sees when a request arrives: writes already being answered, queries waiting for a connection. */
export interface LoadState {
  inFlightWrites: number;
  /** The longest wait queue among the service's pools (its database, the key vault). */
  poolWaiting: number;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Operators read these under load (probes, scrapes); the UI's files never touch the database. */
const NEVER_SHED = [/^\/health$/, /^\/metrics$/, /^\/ui(\/.*)?$/];

export function isWrite(method: string | undefined): boolean {
  return WRITES.has((method ?? '').toUpperCase());
}

/** Reads of the probe, the metrics and the UI's files are always answered. */
export function isNeverShed(method: string | undefined, path: string): boolean {
  const verb = (method ?? '').toUpperCase();
  if (verb !== 'GET' && verb !== 'HEAD') return false;
  const bare = path.split('?')[0]!.replace(/\/+$/, '') || '/';
  return NEVER_SHED.some((pattern) => pattern.test(bare));
}

/**
 * Whether to answer 503 now rather than queue: a write beyond the in-flight bound, or any API
 * request while a pool already has its bound of queries waiting (the next one would wait longer,
 * up to the acquire timeout). Undefined: take the request.
 */
export function shedReason(
  request: { method: string | undefined; path: string },
  state: LoadState,
  bounds: Pick<LoadSettings, 'maxInFlightWrites' | 'maxPoolWaiting'>,
): ShedReason | undefined {
  if (isNeverShed(request.method, request.path)) return undefined;
  if (isWrite(request.method) && state.inFlightWrites >= bounds.maxInFlightWrites) return 'in_flight_writes';
  if (state.poolWaiting > 0 && state.poolWaiting >= bounds.maxPoolWaiting) return 'pool_waiting';
  return undefined;
}
