export interface OpenCaseRef {
  id: string;
  caseref: string;
}

export type LinkDecision = { kind: 'open_case' } | { kind: 'link_to_case'; case: OpenCaseRef };

/**
 * A report about a child who already has an open case joins that case instead of opening a
 * duplicate; a closed case does not count (a new episode gets a new case).
 */
export function decideLink(openCases: readonly OpenCaseRef[]): LinkDecision {
  if (openCases.length > 1) {
    throw new Error(`invariant broken: ${openCases.length} open cases for one subject`);
  }
  const [open] = openCases;
  return open ? { kind: 'link_to_case', case: open } : { kind: 'open_case' };
}
