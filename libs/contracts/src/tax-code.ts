import { buildMessage, ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Italian tax code (codice fiscale): 6 letters, birth year, month letter, day (+40 for
 * women), place code, check character. Omocodia replaces digits with L M N P Q R S T U V.
 */
export const TAX_CODE_PATTERN = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/;

/** Upper case, no spaces: how the same code written by two secretariats compares equal. */
export function normaliseTaxCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

// Values of characters in odd (1st, 3rd, ...) positions, from the official algorithm.
const ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

function valueOf(char: string, odd: boolean): number {
  const code = char.charCodeAt(0);
  const index = code >= 48 && code <= 57 ? code - 48 : code - 65;
  return odd ? (ODD[index] as number) : index;
}

/** The check character of the first 15 characters (already normalised). */
export function taxCodeCheckCharacter(first15: string): string {
  let sum = 0;
  for (let i = 0; i < 15; i += 1) sum += valueOf(first15.charAt(i), i % 2 === 0);
  return String.fromCharCode(65 + (sum % 26));
}

export function isValidTaxCode(raw: string): boolean {
  const code = normaliseTaxCode(raw);
  return TAX_CODE_PATTERN.test(code) && taxCodeCheckCharacter(code.slice(0, 15)) === code.charAt(15);
}

export function IsTaxCode(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isTaxCode',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && isValidTaxCode(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a valid Italian codice fiscale (16 characters with a correct check character)`),
      },
    },
    options,
  );
}
