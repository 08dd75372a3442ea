import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Agency } from '@casenet/contracts';
import { kafkaServerOptions } from '@casenet/messaging';
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
  await app.startAllMicroservices();
  await app.listen(config.port, config.host);
  app.get(Logger).log({ msg: `${entry.agency} service listening`, port: config.port });
}
