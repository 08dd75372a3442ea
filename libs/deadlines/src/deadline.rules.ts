import ms, { type StringValue } from 'ms';

/** How long an obligation may take, and how long before its end to remind whoever owes it. */
export interface DeadlineRule {
  due: string;
  remindBefore: string;
}

export interface ResolvedDeadlineRule {
  dueMs: number;
  remindBeforeMs: number;
}

/**
 * Applies `DEADLINES` ("kind=5d/1d,other=10d/2d") over a service's defaults. Durations are `ms`
 * strings (30s, 12h, 5d). Unknown kinds and unreadable durations are reported, not ignored.
 */
export function resolveDeadlineRules(
  defaults: Record<string, DeadlineRule>,
  override: string | undefined,
  problems: string[],
): Record<string, ResolvedDeadlineRule> {
  const rules: Record<string, DeadlineRule> = { ...defaults };
  for (const entry of (override ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const match = /^([a-z][a-z0-9.-]*)=([^/]+)\/(.+)$/.exec(entry);
    if (!match) {
      problems.push(`DEADLINES: "${entry}" must read kind=due/remindBefore, e.g. health.acceptance=5d/1d`);
      continue;
    }
    const [, kind, due, remindBefore] = match as unknown as [string, string, string, string];
    if (!defaults[kind]) {
      problems.push(`DEADLINES: unknown deadline kind ${kind} (known: ${Object.keys(defaults).join(', ') || 'none'})`);
      continue;
    }
    rules[kind] = { due, remindBefore };
  }
  const resolved: Record<string, ResolvedDeadlineRule> = {};
  for (const [kind, rule] of Object.entries(rules)) {
    const dueMs = duration(rule.due);
    const remindBeforeMs = duration(rule.remindBefore);
    if (dueMs === undefined || dueMs <= 0) problems.push(`DEADLINES: ${kind} due "${rule.due}" is not a positive duration (e.g. 5d, 12h)`);
    else if (remindBeforeMs === undefined || remindBeforeMs < 0 || remindBeforeMs >= dueMs) {
      problems.push(`DEADLINES: ${kind} remindBefore "${rule.remindBefore}" must be a duration shorter than its due time`);
    } else resolved[kind] = { dueMs, remindBeforeMs };
  }
  return resolved;
}

function duration(text: string): number | undefined {
  const value = ms(text.trim() as StringValue);
  return Number.isFinite(value) ? value : undefined;
}
