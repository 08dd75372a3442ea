import { describe, expect, it } from '@jest/globals';
import { readTracingSettings } from './tracing.settings.js';

function read(env: NodeJS.ProcessEnv): { enabled: boolean; serviceName: string; problems: string[] } {
  const problems: string[] = [];
  return { ...readTracingSettings(env, 'police', problems), problems };
}

describe('tracing settings from the standard OpenTelemetry variables', () => {
  it('is off when nothing is set, whatever the OpenTelemetry default exporter would be', () => {
    expect(read({})).toEqual({ enabled: false, serviceName: 'police', problems: [] });
  });

  it('is on with the otlp exporter named, or with an endpoint and no exporter named', () => {
    expect(read({ OTEL_TRACES_EXPORTER: 'otlp' }).enabled).toBe(true);
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(true);
    expect(read({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }).enabled).toBe(true);
  });

  it('stays off when told so, even with an endpoint', () => {
    expect(read({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(false);
    expect(read({ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'otlp' }).enabled).toBe(false);
  });

  it('names the service by OTEL_SERVICE_NAME, else by its agency', () => {
    expect(read({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SERVICE_NAME: 'police-milano' }).serviceName).toBe('police-milano');
  });

  it('refuses what it cannot do instead of exporting nothing quietly', () => {
    expect(read({ OTEL_TRACES_EXPORTER: 'zipkin' }).problems).toEqual(["OTEL_TRACES_EXPORTER: 'zipkin' is not supported; use otlp or none"]);
    expect(read({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).problems).toHaveLength(1);
    expect(read({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }).problems).toEqual(["OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' is not an http(s) URL"]);
    expect(read({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).problems).toEqual([]);
  });
});
