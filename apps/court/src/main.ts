import 'reflect-metadata';
import { startTracing } from '@casenet/service-runtime/tracing';

// Before the service's modules load: OpenTelemetry's loader hooks see only what loads after them (ADR 0027).
await startTracing('court');
const { runService } = await import('@casenet/service-runtime');
const { courtApp } = await import('./court.app.js');

await runService(courtApp);
