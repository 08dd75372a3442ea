/** The caseworker or system behind a request, as the identity provider vouched for it. */
export interface Principal {
  subject: string;
  agency: string;
  roles: string[];
  /**
   * The schools (codici meccanografici) the user acts for: each school is its own data controller,
   * so a schools token names the schools whose reports it may file and read. Empty when the token
   * names none (every other agency, and the school office).
   */
  schoolCodes: string[];
}

/**
 * `ust` is the school office (Ufficio Scolastico Territoriale): it surveys the schools and sees
 * aggregates only, never a report or a pupil. `local_services` are the municipality's local social
 * services (servizi territoriali): they report a child to the dropout unit and see only the status
 * of what they reported, never the unit's case. `prosecutor` is the juvenile prosecutor's office
 * (Procura presso il Tribunale per i minorenni), a desk of the court service with its own file:
 * it acts on referrals before the court and never on the court's proceedings (ADR 0021).
 * `analyst` works for the municipality's Osservatorio: like `ust` it sees aggregates only, the
 * Osservatorio's anonymised tables, never a case, a report or a child.
 */
export const ROLES = ['caseworker', 'supervisor', 'auditor', 'integration', 'ust', 'local_services', 'prosecutor', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Claim names in the JWT. `school_codes` is a JSON array of codici meccanografici. */
export const CLAIMS = { agency: 'agency', roles: 'roles', schoolCodes: 'school_codes' } as const;

/** More than any one user acts for (a network of schools); a longer list is not a real assignment. */
export const MAX_SCHOOL_CODES = 50;
