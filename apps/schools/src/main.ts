import 'reflect-metadata';
import { startTracing } from '@casenet/service-runtime/tracing';

// Before the service's modules load: OpenTelemetry's loader hooks see only what loads after them (ADR 0027).
await startTracing('schools');
const { runService } = await import('@casenet/service-runtime');
const { schoolsApp } = await import('./schools.app.js');

await runService(schoolsApp);
