import { DEFAULT_PENDING_GRACE_MS, type VerificationReport } from '@casenet/audit-log';
import { ALL_TOPICS, isAgency } from '@casenet/contracts';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { openArchiveReader } from './archive/archive-reader.js';
import { AuditConfigError, loadAuditConfig } from './audit.config.js';
import { rebuild } from './rebuild/rebuild.js';
import { timelineHtml } from './timeline/timeline.html.js';
import { timeline } from './timeline/timeline.js';
import { type ArchiveReport, verifyArchive } from './verify/verify-archive.js';
import { verifyTopics } from './verify/verify-topics.js';

const USAGE = `usage: npm run audit -- <command> [options]
  verify   [--source archive|topics] [--topics t1,t2] [--full] [--grace <ms>] [--json]
           --full: check every message here, trusting no checkpoint
           --grace: how long a position named by a later event or a signed head may be missing
             before it counts as deleted (default AUDIT_PENDING_GRACE_MS, else 30000); younger
             gaps are reported as pending
           checks every chain, chain head, checkpoint and signature; exit 0 intact, 1 broken
  timeline --case <caseref> [--as-of <ISO time> --agency <name>] [--html <file>] [--json]
           the case's history across agencies (no sensitive values)
  rebuild  --service <agency> --database-url <url of its database> [--json]
           replays the service's events and compares the digest with its live read model
Environment: AUDIT_DATABASE_URL, TRUST_LIST_FILE; for --source topics KAFKA_BROKERS (else the
broker \`npm start\` recorded in .dev/, see KAFKA_CONNECTION_FILE), KAFKA_SASL_*, KAFKA_TOPIC_PREFIX.`;

const out = (line: string) => process.stdout.write(`${line}\n`);

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      source: { type: 'string', default: 'archive' },
      topics: { type: 'string' },
      json: { type: 'boolean', default: false },
      full: { type: 'boolean', default: false },
      grace: { type: 'string' },
      case: { type: 'string' },
      'as-of': { type: 'string' },
      agency: { type: 'string' },
      html: { type: 'string' },
      service: { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const config = loadAuditConfig(process.env);
  let pool: pg.Pool | undefined;
  const archive = async () => (pool ??= openArchiveReader(config.databaseUrl));
  try {
    switch (command) {
      case 'verify': {
        const grace = values.grace ?? process.env.AUDIT_PENDING_GRACE_MS;
        const pendingGraceMs = grace === undefined ? DEFAULT_PENDING_GRACE_MS : Number(grace);
        if (!Number.isInteger(pendingGraceMs) || pendingGraceMs < 0)
          throw new UsageError('--grace (AUDIT_PENDING_GRACE_MS) must be a whole number of milliseconds');
        // The grace window for pending positions runs on the auditor's wall clock, like the broker's arrivals.
        const options = { now: Date.now(), pendingGraceMs };
        if (values.source !== 'topics' && values.source !== 'archive') throw new UsageError('--source must be archive or topics');
        if (values.source === 'topics' && config.brokers.length === 0)
          throw new UsageError(`no Kafka broker: set KAFKA_BROKERS, or start the system with npm start (it records its broker in ${config.connectionFile})`);
        const report =
          values.source === 'topics'
            ? await verifyTopics(
                {
                  brokers: config.brokers,
                  topics: (values.topics?.split(',') ?? ALL_TOPICS).map((t) => config.topicPrefix + t),
                  groupPrefix: config.topicPrefix,
                  sasl: config.sasl,
                  ssl: config.ssl,
                },
                config.trustListFile,
                options,
              )
            : await verifyArchive(await archive(), config.trust, config.trustListFile, { full: values.full, ...options });
        if (values.json) out(JSON.stringify(report));
        else {
          const chains = Object.entries(report.chains).map(
            ([s, c]) => `${s} #1–#${c.lastSeq}${c.heads > 0 ? ` (signed head #${c.heads} to #${c.signedThrough})` : ''}`,
          );
          if (report.intact) out(`intact: ${report.checked} event(s) in ${chains.length} chain(s): ${chains.join(', ')}`);
          else {
            const [first] = report.breaks;
            out(`BROKEN: first broken link: ${first?.kind} at ${first?.locator}: ${first?.detail}`);
            for (const b of report.breaks.slice(1, 10)) out(`  also: ${b.kind} at ${b.locator}: ${b.detail}`);
            if (report.breaks.length > 10) out(`  … ${report.breaks.length - 10} more (--json lists all)`);
          }
          if (isArchiveReport(report)) out(`checkpoints: ${report.checkpointsHeld} held, ${report.checkpointsBroken} broken; conflicts: ${report.conflicts}`);
          if (report.pending.length > 0) {
            out(
              `pending: ${report.pending.length} position(s) named by a later event or signed head, not archived yet, younger than ${pendingGraceMs} ms (in flight; a deletion if still missing after that):`,
            );
            for (const p of report.pending.slice(0, 10)) out(`  ${p.signer} #${p.chainseq}, named by ${p.locator} since ${p.since}`);
          }
        }
        return report.intact ? 0 : 1;
      }
      case 'timeline': {
        if (!values.case) throw new UsageError('timeline needs --case <caseref>');
        if ((values['as-of'] === undefined) !== (values.agency === undefined)) throw new UsageError('--as-of and --agency go together');
        if (values.agency && !isAgency(values.agency)) throw new UsageError(`unknown agency ${values.agency}`);
        const asOf = values['as-of'] ? new Date(values['as-of']) : undefined;
        if (asOf && Number.isNaN(asOf.getTime())) throw new UsageError('--as-of must be an ISO 8601 time');
        const query = { caseref: values.case, agency: values.agency, asOf };
        const entries = await timeline(await archive(), query);
        if (values.html) writeFileSync(values.html, timelineHtml(query, entries));
        if (values.json) out(JSON.stringify(entries));
        else {
          for (const e of entries) {
            out(
              `${e.time}  ${e.sender.padEnd(12)} → ${e.recipient.padEnd(12)} ${e.type}  purpose=${e.purpose}  categories=${e.dataCategories.join(',')}  basis="${e.legalBasis}"`,
            );
          }
          if (values.html) out(`HTML report: ${values.html}`);
        }
        return 0;
      }
      case 'rebuild': {
        if (!values.service || !values['database-url']) throw new UsageError('rebuild needs --service and --database-url');
        const result = await rebuild(await archive(), values.service, values['database-url']);
        if (values.json) out(JSON.stringify(result));
        else
          out(
            `${result.service}: ${result.entries} entries replayed; replay ${result.replayDigest.slice(0, 16)}… live ${result.liveDigest.slice(0, 16)}… ${result.matches ? 'MATCH' : 'DIFFER'}`,
          );
        return result.matches ? 0 : 1;
      }
      default:
        throw new UsageError(command ? `unknown command ${command}` : 'a command is required');
    }
  } finally {
    await pool?.end();
  }
}

class UsageError extends Error {}

function isArchiveReport(report: VerificationReport): report is ArchiveReport {
  return 'checkpointsHeld' in report;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof AuditConfigError || (error instanceof TypeError && 'code' in error)) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof Error && /^KafkaJS/.test(error.name)) {
    process.stderr.write(`cannot read the topics: ${error.message} (brokers from KAFKA_BROKERS, else the file npm start writes while it runs)\n`);
    process.exitCode = 2;
  } else throw error;
}
