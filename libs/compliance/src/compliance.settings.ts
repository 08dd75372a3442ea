import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, Min, validateSync } from 'class-validator';
import { describeValidationErrors } from '@casenet/contracts';

/** What the compliance jobs of one service run on. */
export interface ComplianceSettings {
  /** How often the retention job runs; 0 disables the schedule. */
  retentionIntervalMs: number;
}

export const COMPLIANCE_SETTINGS = Symbol('COMPLIANCE_SETTINGS');

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** The part of the environment compliance reads. */
class ComplianceEnvironment {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  RETENTION_INTERVAL_MS!: number;
}

/** Reads and checks the compliance settings; each wrong one is pushed onto `problems`. */
export function readComplianceSettings(env: NodeJS.ProcessEnv, problems: string[]): ComplianceSettings {
  const interval = env.RETENTION_INTERVAL_MS || String(6 * 3_600_000);
  const parsed = plainToInstance(ComplianceEnvironment, { RETENTION_INTERVAL_MS: interval });
  problems.push(...describeValidationErrors(validateSync(parsed)).map((line) => line.replace(/^([A-Z_]+): \1 /, '$1 ')));
  return { retentionIntervalMs: parsed.RETENTION_INTERVAL_MS };
}
