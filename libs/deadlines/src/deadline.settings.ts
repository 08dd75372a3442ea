import { plainToInstance, Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, validateSync } from 'class-validator';
import { describeValidationErrors } from '@casenet/contracts';
import { type DeadlineRule, resolveDeadlineRules, type ResolvedDeadlineRule } from './deadline.rules.js';

/** What the deadlines of one service run on: how often they are polled, and each kind's rule. */
export interface DeadlineSettings {
  /** 0 disables the poller (tests tick it by hand). */
  pollIntervalMs: number;
  rules: Record<string, ResolvedDeadlineRule>;
}

export const DEADLINE_SETTINGS = Symbol('DEADLINE_SETTINGS');

const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);

/** The part of the environment deadlines read. */
class DeadlineEnvironment {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DEADLINE_POLL_INTERVAL_MS!: number;

  @IsOptional()
  @IsString()
  DEADLINES?: string;
}

/**
 * Reads and checks the deadline settings: `defaults` are the kinds the service keeps, with their
 * durations; `DEADLINES` overrides them. Each wrong setting is pushed onto `problems`, so the
 * service reports them together with every other concern's.
 */
export function readDeadlineSettings(env: NodeJS.ProcessEnv, defaults: Record<string, DeadlineRule>, problems: string[]): DeadlineSettings {
  const parsed = plainToInstance(DeadlineEnvironment, { DEADLINE_POLL_INTERVAL_MS: '5000', ...definedOnly(env) });
  problems.push(...describeValidationErrors(validateSync(parsed)).map((line) => line.replace(/^([A-Z_]+): \1 /, '$1 ')));
  return { pollIntervalMs: parsed.DEADLINE_POLL_INTERVAL_MS, rules: resolveDeadlineRules(defaults, parsed.DEADLINES, problems) };
}

/** `DeadlineView.kind` in the OpenAPI document lists the kinds this service keeps. */
export function deadlineKindEnums(settings: DeadlineSettings): Record<string, Record<string, string[]>> {
  return { DeadlineView: { kind: Object.keys(settings.rules) } };
}

function definedOnly(env: NodeJS.ProcessEnv): Record<string, string> {
  const keys = ['DEADLINE_POLL_INTERVAL_MS', 'DEADLINES'];
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => keys.includes(e[0]) && e[1] !== undefined && e[1] !== ''));
}
