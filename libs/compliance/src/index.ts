export * from './compliance.settings.js';
export * from './compliance.module.js';
export * from './access-log/access-log.interceptor.js';
export * from './access-log/access-log.controller.js';
export * from './access-log/access-log.scope.js';
export * from './retention/retention.service.js';
export * from './retention/retention.target.js';
export * from './access-log/access-log.migration.js';
