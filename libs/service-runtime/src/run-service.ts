import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Agency } from '@casenet/contracts';
import { KafkaConnection, kafkaServerOptions } from '@casenet/messaging';
import { Logger } from 'nestjs-pino';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useJsonBodies } from './http/json-body.js';
import { ProblemFilter } from './http/problem.filter.js';
import { useSecurityHeaders } from './http/security-headers.js';
import { setupOpenApi } from './openapi.js';
import { ConfigError, loadServiceConfig, type ServiceConfig, type ServiceRequirements } from './service.config.js';

export interface ServiceEntry {
  agency: Agency;
  defaultPort: number;
  description: string;
  requirements?: ServiceRequirements;
  module: (config: ServiceConfig) => DynamicModule;
}

/** Builds the HTTP app with its Kafka inbox consumer attached; does not listen yet. */
export async function createServiceApp(entry: ServiceEntry, config: ServiceConfig) {
  // No default parsers: useJsonBodies installs the only one, so forms and text are refused, not half-read.
  const app = await NestFactory.create<NestExpressApplication>(entry.module(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  useSecurityHeaders(app);
  useJsonBodies(app);
  app.useGlobalFilters(new ProblemFilter());
  setupOpenApi(app, entry.agency, entry.description, Object.keys(config.deadlines.rules));
  app.connectMicroservice(kafkaServerOptions(config.messaging), { inheritAppConfig: true });
  return app;
}

/** Process entry point of an agency service: config check, migrate, consume, serve. */
export async function runService(entry: ServiceEntry): Promise<void> {
  let config: ServiceConfig;
  try {
    config = loadServiceConfig(entry.agency, entry.defaultPort, process.env, entry.requirements);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
  const app = await createServiceApp(entry, config);
  const listening = await untilKafkaAcceptsCredentials(app, config);
  await app.startAllMicroservices();
  if (!listening) await app.listen(config.port, config.host);
  app.get(Logger).log({ msg: `${entry.agency} service listening`, port: config.port });
}

/**
 * Refused credentials would otherwise kill the service at its consumer's first connect, with
 * nothing to ask: instead it serves /health (503, naming the principal and the settings to check)
 * and tries again every few seconds. Returns whether it is already listening.
 */
async function untilKafkaAcceptsCredentials(app: Awaited<ReturnType<typeof createServiceApp>>, config: ServiceConfig): Promise<boolean> {
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
