import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
// The storage instance class-transformer's @Type decorators wrote to (CommonJS build).
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';

type SchemaMap = NonNullable<NonNullable<ReturnType<DocumentBuilder['build']>['components']>['schemas']>;

/**
 * JSON schemas of every class-validator class (request bodies and event contracts), generated
 * from the same decorators that validate them, so the documentation cannot drift.
 */
export function validatorSchemas(): SchemaMap {
  return validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  }) as SchemaMap;
}

/**
 * `/openapi.json` and Swagger UI at `/docs`. `deadlineKinds` (the service's configured deadline
 * rules) become the enum of `DeadlineView.kind`, so clients know every timer a view can show.
 */
export function setupOpenApi(app: INestApplication, agency: string, description: string, deadlineKinds: string[] = []): void {
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
    schemas: { ...document.components?.schemas, ...validatorSchemas() },
  };
  const deadlineKind = document.components.schemas?.['DeadlineView'];
  if (deadlineKind && 'properties' in deadlineKind && deadlineKind.properties?.['kind'] && deadlineKinds.length > 0) {
    deadlineKind.properties['kind'] = { ...deadlineKind.properties['kind'], enum: deadlineKinds };
  }
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
}
