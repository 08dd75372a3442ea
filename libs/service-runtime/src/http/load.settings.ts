import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Max, Min, validateSync } from 'class-validator';
import { describeValidationErrors } from '@casenet/contracts';

/**
 * How much work a service takes on before it answers 503 instead of queueing (ADR 0028): the
 * database pool's size and acquire timeout, and the bounds the load shedder holds the API to.
 */
export interface LoadSettings {
  /** Connections in the service's database pool. */
  poolMax: number;
  /** How long a query waits for a pooled connection before it fails (answered 503, not 500). */
  poolAcquireTimeoutMs: number;
  /** Writes (POST, PUT, PATCH, DELETE) being answered at once; one more is shed. */
  maxInFlightWrites: number;
  /** Queries already waiting for a connection of a pool; at this many, API requests are shed. */
  maxPoolWaiting: number;
  /** What `Retry-After` tells a shed caller. */
  retryAfterSeconds: number;
}

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** The part of the environment the load bounds read, each with its rule. */
class LoadEnvironment {
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(500)
  DATABASE_POOL_MAX!: number;

  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  SHED_MAX_INFLIGHT_WRITES!: number;

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100_000)
  SHED_MAX_POOL_WAITING!: number;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(3600)
  SHED_RETRY_AFTER_SECONDS!: number;
}

/**
 * Sized for one replica on two cores: a pool of 10, a wait queue of a few queries per
 * connection (milliseconds each), and writes in flight a few times the pool.
 */
export const LOAD_DEFAULTS: Record<keyof LoadEnvironment, string> = {
  DATABASE_POOL_MAX: '10',
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '5000',
  SHED_MAX_INFLIGHT_WRITES: '64',
  SHED_MAX_POOL_WAITING: '32',
  SHED_RETRY_AFTER_SECONDS: '1',
};

/** Reads and checks the load bounds, pushing a line per wrong setting onto `problems`. */
export function readLoadSettings(env: NodeJS.ProcessEnv, problems: string[]): LoadSettings {
  const given = Object.fromEntries(Object.keys(LOAD_DEFAULTS).flatMap((key) => (env[key] ? [[key, env[key]]] : [])));
  const parsed = plainToInstance(LoadEnvironment, { ...LOAD_DEFAULTS, ...given });
  problems.push(...describeValidationErrors(validateSync(parsed)).map((line) => line.replace(/^([A-Z_]+): \1 /, '$1 ')));
  return {
    poolMax: parsed.DATABASE_POOL_MAX,
    poolAcquireTimeoutMs: parsed.DATABASE_POOL_ACQUIRE_TIMEOUT_MS,
    maxInFlightWrites: parsed.SHED_MAX_INFLIGHT_WRITES,
    maxPoolWaiting: parsed.SHED_MAX_POOL_WAITING,
    retryAfterSeconds: parsed.SHED_RETRY_AFTER_SECONDS,
  };
}
