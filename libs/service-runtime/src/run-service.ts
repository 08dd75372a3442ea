import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Agency } from '@casenet/contracts';
import { InboxBatchProcessor, inboxServerStrategy, KafkaConnection } from '@casenet/messaging';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useJsonBodies } from './http/json-body.js';
import { ProblemFilter } from './http/problem.filter.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { LoadShedder } from './http/load-shedder.js';
import { ServiceMetrics } from './metrics/service.metrics.js';
import { type SchemaEnums, setupOpenApi } from './openapi.js';
import { heapSizedForService, SERVICE_NODE_FLAGS } from './memory/node-flags.js';
import { checkServiceConfig, ConfigError, type ServiceConfig, type ServiceRequirements } from './service.config.js';

/**
 * An agency service: `S` holds the settings of the concerns it adds beside the runtime's
 * (deadlines, compliance), each read and checked by its own lib in `settings`.
 */
export interface ServiceEntry<S> {
  agency: Agency;
  defaultPort: number;
  description: string;
  requirements?: ServiceRequirements;
  /** Reads the concerns' settings, pushing a line per wrong one onto `problems`. */
  settings: (env: NodeJS.ProcessEnv, problems: string[]) => S;
  /** Values only this service's settings know, for its OpenAPI document (see SchemaEnums). */
  openApiEnums?: (settings: S) => SchemaEnums;
  module: (config: ServiceConfig, settings: S) => DynamicModule;
}

/** Reads and checks the whole environment of a service; reports every wrong setting at once. */
export function loadService<S>(entry: ServiceEntry<S>, env: NodeJS.ProcessEnv, defaultPort = entry.defaultPort): { config: ServiceConfig; settings: S } {
  const problems: string[] = [];
  const config = checkServiceConfig(entry.agency, defaultPort, env, entry.requirements ?? {}, problems);
  const settings = entry.settings(env, problems);
  if (!config || problems.length > 0) throw new ConfigError(entry.agency, problems);
  return { config, settings };
}

/** Builds the HTTP app with its Kafka inbox consumer attached; does not listen yet. */
export async function createServiceApp<S>(entry: ServiceEntry<S>, config: ServiceConfig, settings: S) {
  // No default parsers: useJsonBodies installs the only one, so forms and text are refused, not half-read.
  const app = await NestFactory.create<NestExpressApplication>(entry.module(config, settings), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  useSecurityHeaders(app);
  // Before the body is read: a shed request costs the service next to nothing.
  app.use(app.get(LoadShedder).middleware);
  useJsonBodies(app);
  const metrics = app.get(ServiceMetrics);
  app.useGlobalFilters(new ProblemFilter({ retryAfterSeconds: config.load.retryAfterSeconds, onOverload: (reason) => metrics.shed.labels(reason).inc() }));
  setupOpenApi(app, entry.agency, entry.description, entry.openApiEnums?.(settings));
  // The consumer's connection needs only the Kafka settings; the rest keeps messaging's types whole.
  const messaging = { ...config.messaging, policy: config.policy, signingKey: config.signing.key, trust: config.signing.trust };
  const inbox = app.get(InboxBatchProcessor);
  app.connectMicroservice(
    inboxServerStrategy(messaging, (batch) => inbox.processBatch(batch)),
    { inheritAppConfig: true },
  );
  return app;
}

/** Process entry point of an agency service: config check, migrate, consume, serve. */
export async function runService<S>(entry: ServiceEntry<S>): Promise<void> {
  let loaded: { config: ServiceConfig; settings: S };
  try {
    loaded = loadService(entry, process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const { config, settings } = loaded;
  const app = await createServiceApp(entry, config, settings);
  const listening = await untilKafkaAcceptsCredentials(app, config);
  await app.startAllMicroservices();
  if (!listening) await app.listen(config.port, config.host);
  app.get(Logger).log({ msg: `${entry.agency} service listening`, port: config.port });
  if (!heapSizedForService()) {
    app.get(Logger).warn({ msg: `started without ${SERVICE_NODE_FLAGS.join(' ')}: V8's default heap sizes let it grow far past its memory budget (ADR 0032)` });
  }
}

/**
 * Refused credentials would otherwise kill the service at its consumer's first connect, with
 * nothing to ask: instead it serves /health (503, naming the principal and the settings to check)
 * and tries again every few seconds. Returns whether it is already listening.
 */
async function untilKafkaAcceptsCredentials(app: NestExpressApplication, config: ServiceConfig): Promise<boolean> {
  const kafka = app.get(KafkaConnection);
  let listening = false;
  for (;;) {
    try {
      await kafka.ping(10_000);
      return listening;
    } catch (error) {
      if (!KafkaConnection.refusedCredentials(error)) return listening;
      app.get(Logger).error({ msg: error instanceof Error ? error.message : String(error) });
      if (!listening) {
        await app.listen(config.port, config.host);
        listening = true;
      }
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}
