import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '@casenet/auth';
import { KafkaHealthIndicator } from './kafka.health.js';
import { ProblemException } from '../http/problem.exception.js';

/** Readiness: 200 only when this service's database and Kafka both answer. No case data. */
@ApiTags('operations')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly kafka: KafkaHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness of the database and the Kafka connection' })
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 2_000 }), () => this.kafka.isHealthy('kafka')]);
    } catch (error) {
      throw notReady(error);
    }
  }
}

/**
 * A 503 naming each dependency that is down and why (e.g. Kafka refusing the service's
 * credentials), so an operator reads the cause from the probe, in the problem shape of every route.
 */
function notReady(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const down = Object.entries(result.error ?? {}).map(([check, state]) => ({
    path: check,
    message: String((state as { message?: unknown }).message ?? 'down'),
  }));
  const detail = down.length > 0 ? down.map((d) => `${d.path}: ${d.message}`).join('; ') : 'a dependency is down';
  return ProblemException.of('not-ready', 503, detail, down);
}
