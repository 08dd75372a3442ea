import type { ValidationError } from 'class-validator';

/**
 * RFC 9457 problem details: the one shape of every HTTP error answer and of every dead-letter
 * reason, so a caller and an operator read failures in one vocabulary.
 * Field paths are written one way everywhere: dotted, relative to what was sent
 * (`school.code`, `concerns[1]`, `offset`), never prefixed with where it was sent (`body.`).
 */
export interface FieldProblem {
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The kinds of failure casenet names; `type` is `urn:casenet:problem:<kind>`. */
export const PROBLEM_KINDS = {
  // HTTP
  'invalid-request': 'The request is not valid',
  'malformed-body': 'The request body is not well-formed JSON',
  'invalid-encoding': 'The request body is not valid UTF-8',
  'unsupported-media-type': 'The request body must be application/json',
  'payload-too-large': 'The request body is too large',
  'rule-violated': 'The request breaks a rule of this agency',
  'internal-error': 'The service failed to answer',
  'not-ready': 'The service cannot serve: a dependency is down',
  overloaded: 'The service is at capacity: retry after the time it names',
  // inbox
  'malformed-event': 'The message is not a JSON event',
  'invalid-event': 'The event does not match its contract',
  'untrusted-event': 'The event is not validly signed by its producer',
  'unreadable-seal': 'The sealed personal data of the event cannot be opened',
  'sharing-policy': 'The event carries more than the sharing policy allows',
  'unhandled-event': 'This agency has no handler for the event',
  'rejected-event': 'The event cannot be applied here',
  'failed-event': 'Applying the event kept failing',
} as const;
export type ProblemKind = keyof typeof PROBLEM_KINDS;

const TYPE_PREFIX = 'urn:casenet:problem:';

export function problemType(kind: ProblemKind): string {
  return `${TYPE_PREFIX}${kind}`;
}

export function problemOf(kind: ProblemKind, detail: string, errors?: FieldProblem[], status?: number): Problem {
  return {
    type: problemType(kind),
    title: PROBLEM_KINDS[kind],
    ...(status === undefined ? {} : { status }),
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

/** Joins a field path: `joinPath('school', 'code')` → `school.code`, `joinPath('concerns', 1)` → `concerns[1]`. */
export function joinPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** One entry per failing constraint, with its field path, from class-validator's error tree. */
export function fieldProblems(errors: readonly ValidationError[], prefix = ''): FieldProblem[] {
  const found: FieldProblem[] = [];
  // The tree is as deep as the DTO classes nest; walked with a stack all the same.
  const stack = errors.map((error) => ({ error, parent: prefix })).reverse();
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { error, parent } = next;
    // class-validator names array items by their index.
    const path = /^\d+$/.test(error.property) ? joinPath(parent, Number(error.property)) : joinPath(parent, error.property);
    for (const message of Object.values(error.constraints ?? {})) found.push({ path, message });
    for (const child of [...(error.children ?? [])].reverse()) stack.push({ error: child, parent: path });
  }
  const unique = new Map(found.map((p) => [`${p.path}\u0000${p.message}`, p]));
  return [...unique.values()];
}

/**
 * How a broken domain rule answers: `conflict` (409) when the current state forbids the request
 * and another state may allow it, `unprocessable` (422) when the request is well-formed but can
 * never be satisfied as sent.
 */
export const DOMAIN_RULE_STATUS = { conflict: 409, unprocessable: 422 } as const;
export type DomainRuleKind = keyof typeof DOMAIN_RULE_STATUS;

/** The rules an agency enforces, by code; each says how it answers. */
export const DOMAIN_RULES = {
  /** The protocol (a case's, a loop's, a mandate's) does not allow this step from the current state. */
  'transition-forbidden': 'conflict',
  /** The case still has open referrals or court mandates. */
  'loops-open': 'conflict',
  /** The thing already exists or is already done: an active referral to that agency, a docket, a verification. */
  'already-exists': 'conflict',
  /** The case's facts do not support the request: no report raising the concern, the wrong residence, no confirmed absence. */
  'not-grounded': 'conflict',
  /** The child's data has been erased: nothing about them can be sent any more. */
  'subject-erased': 'conflict',
  /** The child does not meet a programme's eligibility rule (age, citizenship, school level, way in, dates open). */
  'programme-ineligible': 'unprocessable',
  /** No programme of that id in the municipality's catalogue. */
  'programme-unknown': 'unprocessable',
} as const satisfies Record<string, DomainRuleKind>;
export type DomainRuleCode = keyof typeof DOMAIN_RULES;
export const DOMAIN_RULE_CODES = Object.keys(DOMAIN_RULES) as DomainRuleCode[];

/**
 * The one error a domain rule raises, wherever it is enforced. It is mapped once for HTTP (the
 * problem filter: `rule-violated` with the rule's status) and once for the inbox (a
 * rejected event, dead-lettered without retries); services let it through untranslated.
 */
export class DomainRuleError extends Error {
  readonly kind: DomainRuleKind;
  readonly status: (typeof DOMAIN_RULE_STATUS)[DomainRuleKind];

  constructor(
    readonly code: DomainRuleCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainRuleError';
    this.kind = DOMAIN_RULES[code];
    this.status = DOMAIN_RULE_STATUS[this.kind];
  }
}
