import { describe, expect, it } from '@jest/globals';
import { isValidTaxCode, normaliseTaxCode, taxCodeCheckCharacter } from './tax-code.js';

describe('codice fiscale', () => {
  it('computes the official check character', () => {
    expect(taxCodeCheckCharacter('RSSMRA85T10A562')).toBe('S');
    expect(isValidTaxCode('RSSMRA85T10A562S')).toBe(true);
  });

  it('rejects a wrong check character, wrong length and wrong shape', () => {
    expect(isValidTaxCode('RSSMRA85T10A562T')).toBe(false);
    expect(isValidTaxCode('RSSMRA85T10A562')).toBe(false);
    expect(isValidTaxCode('12SMRA85T10A562S')).toBe(false);
    expect(isValidTaxCode('RSSMRA85Z10A562S')).toBe(false); // Z is no month
  });

  it('accepts omocodia variants with their own check character', () => {
    // 8 → U, 5 → R in the year: the omocode of RSSMRA85T10A562S.
    const omocode = 'RSSMRAURT10A562';
    expect(isValidTaxCode(`${omocode}${taxCodeCheckCharacter(omocode)}`)).toBe(true);
  });

  it('normalises case and spaces before checking', () => {
    expect(normaliseTaxCode(' rss mra 85t10 a562s ')).toBe('RSSMRA85T10A562S');
    expect(isValidTaxCode('rssmra85t10a562s')).toBe(true);
  });
});
