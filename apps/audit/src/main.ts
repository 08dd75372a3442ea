import { createServer } from 'node:http';
import { Archiver } from './archive/archiver.js';
import { openAuditDatabase } from './archive/audit-database.js';
import { AuditConfigError, loadAuditConfig } from './audit.config.js';

/** The archiver process: every topic into the auditors' append-only archive, until stopped. */
let config;
try {
  config = loadAuditConfig(process.env, { kafka: true, signing: true });
} catch (error) {
  if (error instanceof AuditConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78);
  }
  throw error;
}
// Log lines carry the wall-clock time they were written at: operations, not domain time.
const log = (fields: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ time: Date.now(), service: 'audit', ...fields })}\n`);
const pool = await openAuditDatabase(config.databaseUrl, config.databaseMigrationUrl);
const archiver = new Archiver(
  config,
  pool,
  config.signingKey as NonNullable<typeof config.signingKey>,
  Number(process.env.KAFKA_SESSION_TIMEOUT_MS ?? '10000'),
);
await archiver.start();

// Readiness for orchestrators and the test harness: the archive database answers and the consumer runs.
const server = createServer((request, response) => {
  if (request.url !== '/health') return void response.writeHead(404).end();
  pool
    .query('SELECT 1')
    .then(() => {
      const ok = archiver.running;
      response
        .writeHead(ok ? 200 : 503, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: ok ? 'ok' : 'error', consumer: ok ? 'up' : 'down' }));
    })
    .catch((error: unknown) =>
      response.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', database: String(error) })),
    );
});
const port = Number(process.env.PORT ?? '3106');
server.listen(port, process.env.HOST ?? '0.0.0.0');
log({ level: 30, msg: 'archiving every topic', port });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void archiver
      .stop()
      .then(() => pool.end())
      .then(() => process.exit(0));
  });
}
