import 'reflect-metadata';
import { startTracing } from '@casenet/service-runtime/tracing';

// Before the service's modules load: OpenTelemetry's loader hooks see only what loads after them (ADR 0027).
await startTracing('municipality');
const { runService } = await import('@casenet/service-runtime');
const { municipalityApp } = await import('./municipality.app.js');

await runService(municipalityApp);
