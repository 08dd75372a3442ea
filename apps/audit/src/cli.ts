import { DEFAULT_PENDING_GRACE_MS, type VerificationReport } from '@casenet/audit-log';
import { ALL_TOPICS, isAgency, isValidTaxCode } from '@casenet/contracts';
import { childPseudonyms, loadSharingPolicy } from '@casenet/privacy';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type pg from 'pg';
import { openArchiveReader } from './archive/archive-reader.js';
import { AuditConfigError, loadAuditConfig } from './audit.config.js';
import { AccessLogError } from './disclosure/access-log.reader.js';
import { apiUrlVariable, auditorTokenVariable, loadDisclosureConfig } from './disclosure/disclosure.config.js';
import { disclosureHtml } from './disclosure/disclosure.html.js';
import { disclosureRecord, MissingAgencyApiError } from './disclosure/disclosure.record.js';
import { disclosureText } from './disclosure/disclosure.text.js';
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
  disclosure (--tax-code <codice fiscale> | --case <caseref>[,<caseref>…]) [--html <file>] [--json] [--grace <ms>]
           a child's disclosure record (GDPR art. 15): every event about the child across its
           cases and pseudonyms (sender, recipient, time, purpose, legal basis, categories; never a
           value), each verified against its signature and chain, and every read of its cases in
           each agency's access log; exit 0 verified, 1 tampering found. Needs KEY_VAULT_URL; with
           --tax-code SUBJECT_KEY_SECRET and POLICE_/HEALTH_/COURT_SUBJECT_KEY_SECRET; per agency the
           child's cases reached, <AGENCY>_API_URL and <AGENCY>_AUDITOR_TOKEN (e.g. POLICE_API_URL)
  rebuild  --service <agency> --database-url <url of its database> [--json]
           replays the service's events and compares the digest with its live read model
Environment: AUDIT_DATABASE_URL, TRUST_LIST_FILE; for disclosure the variables above; for --source topics KAFKA_BROKERS (else the
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
      'tax-code': { type: 'string' },
      'database-url': { type: 'string' },
    },
    strict: true,
  });
  const config = loadAuditConfig(process.env);
  let pool: pg.Pool | undefined;
  let vault: pg.Pool | undefined;
  const archive = async () => (pool ??= openArchiveReader(config.databaseUrl));
  try {
    switch (command) {
      case 'verify': {
        const pendingGraceMs = graceOf(values.grace);
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
      case 'disclosure': {
        const taxCode = values['tax-code'];
        const caserefs = values.case?.split(',').filter(Boolean) ?? [];
        if (!taxCode && caserefs.length === 0) throw new UsageError('disclosure needs --tax-code <codice fiscale> or --case <caseref>');
        if (taxCode !== undefined && !isValidTaxCode(taxCode))
          throw new UsageError('--tax-code is not a valid codice fiscale (its check character does not match)');
        if (caserefs.some((c) => !/^CR-[0-9A-Z]{4,40}$/.test(c))) throw new UsageError('--case must be case references CR-…');
        const pendingGraceMs = graceOf(values.grace);
        const settings = loadDisclosureConfig(process.env, taxCode !== undefined);
        vault = openArchiveReader(settings.vaultUrl);
        const pseudonyms = taxCode ? Object.values(childPseudonyms(settings.secrets, taxCode)).filter((p): p is string => p !== undefined) : [];
        let record;
        try {
          record = await disclosureRecord(
            {
              archive: await archive(),
              vault,
              trust: config.trust,
              trustListFile: config.trustListFile,
              policy: loadSharingPolicy(process.env.SHARING_POLICY_FILE || undefined),
              apis: settings.apis,
              verify: { now: Date.now(), pendingGraceMs },
            },
            { pseudonyms, caserefs, taxCodeGiven: taxCode !== undefined },
          );
        } catch (error) {
          if (error instanceof MissingAgencyApiError)
            throw new UsageError(`${error.message}: set ${error.agencies.flatMap((a) => [apiUrlVariable(a), auditorTokenVariable(a)]).join(', ')}`);
          throw error;
        }
        if (record.disclosures.length === 0) process.stderr.write('no event in the archive concerns this child\n');
        if (values.html) writeFileSync(values.html, disclosureHtml(record));
        if (values.json) out(JSON.stringify(record));
        else {
          for (const line of disclosureText(record)) out(line);
          if (values.html) out(`HTML record: ${values.html}`);
        }
        if (!record.integrity.verified) process.stderr.write('TAMPERING FOUND: the disclosure record cannot be relied on (see NOT VERIFIED above)\n');
        return record.integrity.verified ? 0 : 1;
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
    await vault?.end();
  }
}

class UsageError extends Error {}

function graceOf(option: string | undefined): number {
  const grace = option ?? process.env.AUDIT_PENDING_GRACE_MS;
  const pendingGraceMs = grace === undefined ? DEFAULT_PENDING_GRACE_MS : Number(grace);
  if (!Number.isInteger(pendingGraceMs) || pendingGraceMs < 0) throw new UsageError('--grace (AUDIT_PENDING_GRACE_MS) must be a whole number of milliseconds');
  return pendingGraceMs;
}

function isArchiveReport(report: VerificationReport): report is ArchiveReport {
  return 'checkpointsHeld' in report;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof AccessLogError) {
    process.stderr.write(`cannot read an access log: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof UsageError || error instanceof AuditConfigError || (error instanceof TypeError && 'code' in error)) {
    process.stderr.write(`${error.message}\n\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof Error && /^KafkaJS/.test(error.name)) {
    process.stderr.write(`cannot read the topics: ${error.message} (brokers from KAFKA_BROKERS, else the file npm start writes while it runs)\n`);
    process.exitCode = 2;
  } else throw error;
}
