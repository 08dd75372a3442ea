export * from './service.config.js';
export * from './service-core.module.js';
export * from './run-service.js';
export * from './openapi.js';
export * from './http-validation.pipe.js';
export * from './page.query.js';
export * from './retention/retention.service.js';
export * from './retention/retention.target.js';
