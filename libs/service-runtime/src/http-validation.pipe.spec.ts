import { describe, expect, it } from '@jest/globals';
import { nulPath } from './http-validation.pipe.js';

describe('NUL detection in request input', () => {
  it('finds NUL in nested strings, arrays and field names', () => {
    expect(nulPath({ pupil: { firstName: 'Giu\u0000lia' } }, 'body')).toBe('body.pupil.firstName');
    expect(nulPath({ concerns: ['bullying', '\u0000'] }, 'body')).toBe('body.concerns[1]');
    expect(nulPath({ ['a\u0000']: 1 }, 'query')).toBe('query (a field name)');
  });

  it('lets everything else through, odd Unicode included', () => {
    expect(nulPath({ notes: 'ℂ𝔸𝕊𝔼 \u202E ﷽', n: 3, ok: true, none: null }, 'body')).toBeUndefined();
    expect(nulPath(Buffer.from([0, 1, 2]), 'body')).toBeUndefined(); // raw Kafka bytes are the inbox's concern
  });
});
