/** The caseworker or system behind a request, as the identity provider vouched for it. */
export interface Principal {
  subject: string;
  agency: string;
  roles: string[];
}

export const ROLES = ['caseworker', 'supervisor', 'auditor', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Claim names in the JWT. */
export const CLAIMS = { agency: 'agency', roles: 'roles' } as const;
