import { describe, expect, it } from '@jest/globals';
import { decideLink } from './case-linking.rules.js';

describe('case linking rules', () => {
  it('opens a case when the child has no open case', () => {
    expect(decideLink([])).toEqual({ kind: 'open_case' });
  });

  it('links a second report to the open case instead of opening a duplicate', () => {
    const open = { id: '8a0c9a55-3f50-4f0c-9d43-3f3e1c3c7f10', caseref: 'CR-ABCD1234' };
    expect(decideLink([open])).toEqual({ kind: 'link_to_case', case: open });
  });

  it('refuses to guess when the one-open-case invariant is broken', () => {
    const a = { id: 'a', caseref: 'CR-AAAA' };
    const b = { id: 'b', caseref: 'CR-BBBB' };
    expect(() => decideLink([a, b])).toThrow(/invariant/);
  });
});
