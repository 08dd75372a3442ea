import { devSigningKeyFile, devSigningKeyId, ensureDevSigningKeys, REPO_ROOT, type RunningSystem } from '@casenet/testing';
import { spawnSync } from 'node:child_process';

/**
 * Audit verification from the topics, every signature checked, as auditors run it
 * (`npm run audit -- verify --source topics`) over the events the run produced.
 */
export function verifyTopics(system: RunningSystem): { auditVerifyTopicsEventsPerSecond: number; auditVerifiedEvents: number; auditIntact: boolean } {
  const { trustListFile } = ensureDevSigningKeys();
  const env = {
    ...process.env,
    AUDIT_DATABASE_URL: system.auditDatabase.url,
    ...system.kafka.clientEnv('casenet-audit'),
    TRUST_LIST_FILE: trustListFile,
    AUDIT_SIGNING_KEY_FILE: devSigningKeyFile('audit'),
    AUDIT_SIGNING_KEY_ID: devSigningKeyId('audit'),
    ...(system.topicPrefix ? { KAFKA_TOPIC_PREFIX: system.topicPrefix } : {}),
  };
  const began = performance.now();
  const run = spawnSync(process.execPath, [`${REPO_ROOT}apps/audit/dist/cli.js`, 'verify', '--json', '--source', 'topics'], {
    env,
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = (performance.now() - began) / 1000;
  let report: { intact?: boolean; checked?: number } = {};
  try {
    report = JSON.parse(run.stdout.toString()) as typeof report;
  } catch {
    throw new Error(`audit verify printed no report: ${run.stderr.toString().slice(0, 500)}`);
  }
  const checked = report.checked ?? 0;
  return { auditVerifyTopicsEventsPerSecond: Math.round(checked / seconds), auditVerifiedEvents: checked, auditIntact: report.intact === true };
}
