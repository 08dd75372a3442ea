// Its own entry point (`@casenet/service-runtime/tracing`): loaded before Nest and the service.
export * from './tracing.settings.js';
export * from './tracing.start.js';
