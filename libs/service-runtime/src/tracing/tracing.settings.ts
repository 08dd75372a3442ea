/**
 * Whether and how a service exports traces, from the standard OpenTelemetry variables (ADR 0027).
 * Off unless asked for: OTEL_TRACES_EXPORTER=otlp, or an OTLP endpoint with no exporter named.
 */
export interface TracingSettings {
  enabled: boolean;
  serviceName: string;
}

/** The one exporter shipped: OTLP as JSON over HTTP (@opentelemetry/exporter-trace-otlp-http). */
const SUPPORTED_PROTOCOLS = ['http/json'];

export function readTracingSettings(env: NodeJS.ProcessEnv, defaultServiceName: string, problems: string[]): TracingSettings {
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  for (const name of exporters) {
    if (name !== 'otlp' && name !== 'none') problems.push(`OTEL_TRACES_EXPORTER: '${name}' is not supported; use otlp or none`);
  }
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const asked = exporters.includes('otlp') || (exporters.length === 0 && Boolean(endpoint));
  const enabled = asked && !exporters.includes('none') && env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true';
  if (enabled) {
    const protocol = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim() || env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim();
    if (protocol && !SUPPORTED_PROTOCOLS.includes(protocol)) {
      problems.push(`OTEL_EXPORTER_OTLP_PROTOCOL: '${protocol}' is not supported; traces are sent as ${SUPPORTED_PROTOCOLS.join(', ')}`);
    }
    if (endpoint && !/^https?:\/\//.test(endpoint)) problems.push(`OTEL_EXPORTER_OTLP_ENDPOINT: '${endpoint}' is not an http(s) URL`);
  }
  return { enabled, serviceName };
}
