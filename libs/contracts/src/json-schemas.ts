import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
// The storage instance class-transformer's @Type decorators wrote to (CommonJS build).
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';

/** A JSON Schema by its component name, as OpenAPI and AsyncAPI documents hold them. */
export type JsonSchemaMap = Record<string, object>;

/**
 * JSON schemas of every class-validator class (request bodies and event contracts), generated
 * from the same decorators that validate them, so the documentation cannot drift.
 */
export function validatorSchemas(): JsonSchemaMap {
  return validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
  });
}
