import { type INestApplication, ParseUUIDPipe } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants.js';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { validatorSchemas } from '@casenet/contracts';

type SchemaMap = NonNullable<NonNullable<ReturnType<DocumentBuilder['build']>['components']>['schemas']>;

/**
 * Values a schema's string property may take that only the running service knows (its
 * configured deadline kinds, for `DeadlineView.kind`): schema name → property → values.
 */
export type SchemaEnums = Record<string, Record<string, string[]>>;

/**
 * The OpenAPI document of the service's HTTP API. `enums` narrow properties to what this
 * service's configuration allows, so clients know, e.g., every timer a view can show.
 */
export function buildOpenApiDocument(app: INestApplication, agency: string, description: string, enums: SchemaEnums = {}): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`casenet ${agency} service`)
    .setDescription(description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components = {
    ...document.components,
    // Validator-derived schemas win: they describe exactly what the ValidationPipe enforces.
    // Only those the API refers to: every class-validator class (the service's own
    // environment, event contracts) has one, and they are not the API.
    schemas: referencedSchemas(document, { ...document.components?.schemas, ...(validatorSchemas() as SchemaMap) }),
  };
  for (const [name, properties] of Object.entries(enums)) {
    const schema = document.components.schemas?.[name];
    const props = schema && 'properties' in schema ? schema.properties : undefined;
    for (const [property, values] of Object.entries(properties)) {
      const current = props?.[property];
      if (props && current && values.length > 0) props[property] = { ...current, enum: values };
    }
  }
  typeUuidParameters(app, document);
  return document;
}

/** `/openapi.json` and Swagger UI at `/docs`. */
export function setupOpenApi(app: INestApplication, agency: string, description: string, enums: SchemaEnums = {}): void {
  SwaggerModule.setup('docs', app, buildOpenApiDocument(app, agency, description, enums), { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
}

/** The schemas reachable by `$ref` from the paths, following refs between schemas. */
function referencedSchemas(document: OpenAPIObject, all: SchemaMap): SchemaMap {
  const kept: SchemaMap = {};
  const pending: unknown[] = [document.paths];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    if (node === null || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!(name in kept) && all[name]) {
          kept[name] = all[name];
          pending.push(all[name]);
        }
      } else {
        pending.push(value);
      }
    }
  }
  return Object.fromEntries(
    Object.keys(kept)
      .sort()
      .map((name) => [name, kept[name]!]),
  );
}

/**
 * Path parameters checked by ParseUUIDPipe are documented as `format: uuid`: swagger sees only
 * their TypeScript type (string), while the pipe is what the route enforces.
 */
function typeUuidParameters(app: INestApplication, document: OpenAPIObject): void {
  const uuidParams = new Map<string, Set<string>>(); // operationId → names
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!controller?.prototype) continue;
      for (const method of Object.getOwnPropertyNames(controller.prototype)) {
        const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, method) ?? {}) as Record<string, { data?: unknown; pipes?: unknown[] }>;
        for (const [key, arg] of Object.entries(args)) {
          if (Number(key.split(':')[0]) !== RouteParamtypes.PARAM || typeof arg.data !== 'string') continue;
          if (!(arg.pipes ?? []).some((pipe) => pipe instanceof ParseUUIDPipe || pipe === ParseUUIDPipe)) continue;
          const operationId = `${controller.name}_${method}`;
          uuidParams.set(operationId, (uuidParams.get(operationId) ?? new Set()).add(arg.data));
        }
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as { operationId?: string; parameters?: unknown[] }[]) {
      const names = operation?.operationId ? uuidParams.get(operation.operationId) : undefined;
      if (!names) continue;
      for (const parameter of (operation.parameters ?? []) as { in?: string; name?: string; schema?: Record<string, unknown> }[]) {
        if (parameter.in === 'path' && parameter.name && names.has(parameter.name)) parameter.schema = { ...parameter.schema, type: 'string', format: 'uuid' };
      }
    }
  }
}
