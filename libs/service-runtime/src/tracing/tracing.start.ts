import { register } from 'node:module';
import { readTracingSettings } from './tracing.settings.js';

/** What a started SDK needs at shutdown: the provider that flushes the spans still batched. */
let running: { shutdown: () => Promise<void> } | undefined;

/**
 * Starts OpenTelemetry when the environment asks for it (ADR 0027), and does nothing else
 * otherwise: the SDK is not even loaded, and the API's no-op tracer answers every call. Call it
 * before the service's own modules load: the loader hooks only see modules loaded after them.
 */
export async function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const problems: string[] = [];
  const settings = readTracingSettings(env, defaultServiceName, problems);
  if (problems.length > 0) {
    process.stderr.write(`${defaultServiceName}: tracing settings are wrong:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exit(78); // EX_CONFIG, as the service's own configuration check
  }
  if (!settings.enabled || running) return Boolean(running);

  // Only modules an instrumentation names are wrapped; hooking every ESM module breaks some of them.
  const { createAddHookMessageChannel } = await import('import-in-the-middle');
  const { registerOptions, waitForAllMessagesAcknowledged } = createAddHookMessageChannel();
  register('import-in-the-middle/hook.mjs', import.meta.url, registerOptions);

  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, resources, { ATTR_SERVICE_NAME }, instrumentation, http, express, pg] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-node'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/resources'),
      import('@opentelemetry/semantic-conventions'),
      import('@opentelemetry/instrumentation'),
      import('@opentelemetry/instrumentation-http'),
      import('@opentelemetry/instrumentation-express'),
      import('@opentelemetry/instrumentation-pg'),
    ]);
  const resource = resources
    .defaultResource()
    .merge(resources.detectResources({ detectors: [resources.envDetector] }))
    .merge(resources.resourceFromAttributes({ [ATTR_SERVICE_NAME]: settings.serviceName }));
  // Endpoint, headers, timeout and batching come from the standard OTEL_EXPORTER_OTLP_* and OTEL_BSP_* variables.
  const provider = new NodeTracerProvider({ resource, spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())] });
  provider.register();
  instrumentation.registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new http.HttpInstrumentation({
        // Probes and scrapes every few seconds would drown the traces that matter.
        ignoreIncomingRequestHook: (request) => /^\/(health|metrics)(\/|\?|$)/.test(request.url ?? ''),
      }),
      new express.ExpressInstrumentation({ ignoreLayersType: [express.ExpressLayerType.MIDDLEWARE] }),
      // Relays and deadline pollers query without a request: only queries inside a trace are spans.
      // Statement texts only, never their values (enhancedDatabaseReporting stays off): values are personal data.
      new pg.PgInstrumentation({ requireParentSpan: true, enhancedDatabaseReporting: false }),
    ],
  });
  await waitForAllMessagesAcknowledged();
  running = provider;
  return true;
}

/** Flushes and stops the SDK, if it was started. */
export async function stopTracing(): Promise<void> {
  const provider = running;
  running = undefined;
  await provider?.shutdown();
}
