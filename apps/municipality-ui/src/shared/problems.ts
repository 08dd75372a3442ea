import { ApiProblem, errorsFor } from '@casenet/ui';

/**
 * A broken rule of the domain (409/422 `rule-violated`) names no field; where the form knows which
 * field the rule is about (the programmes for `programme-ineligible`), its message goes beside it.
 */
export function ruleFor(error: unknown, status: number): string[] {
  return error instanceof ApiProblem && error.status === status && error.errors.length === 0 ? [error.detail || error.title] : [];
}

/** The field's own messages plus the rule that concerns it. */
export function fieldErrors(error: unknown, path: string, ruleStatus?: number): string[] {
  return [...errorsFor(error, path), ...(ruleStatus ? ruleFor(error, ruleStatus) : [])];
}

/** The summary shows what is not beside a field: nothing, when the rule went beside its field. */
export function summaryError(error: unknown, ruleStatus: number): unknown {
  return ruleFor(error, ruleStatus).length ? null : error;
}
