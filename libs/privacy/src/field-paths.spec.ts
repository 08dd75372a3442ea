import { describe, expect, it } from '@jest/globals';
import { leafPaths, mergeLeaves } from './field-paths.js';

describe('field paths', () => {
  it('names nested leaves with dots and treats a list as one leaf', () => {
    expect(leafPaths({ pupil: { taxCode: 'X', firstName: 'Y' }, concerns: ['bullying', 'substance_use'], gone: undefined })).toEqual([
      'pupil.taxCode',
      'pupil.firstName',
      'concerns',
    ]);
  });

  it('copies lists whole when merging the sealed part back', () => {
    expect(mergeLeaves({ reportId: 'r' }, { concerns: ['bullying'], pupil: { taxCode: 'X' } })).toEqual({
      reportId: 'r',
      concerns: ['bullying'],
      pupil: { taxCode: 'X' },
    });
  });
});
