import type { ReportKind, Residence } from '@casenet/contracts';
import type { CaseState } from '../cases/case-lifecycle.rules.js';

/**
 * Where a school report goes at the municipality, by its kind (ADR 0020). Absence goes to the
 * dropout unit's screening, which may forward it to Polizia Locale for verification; every other
 * kind goes to social services, who assess it and may refer the child to ATS or the juvenile court
 * or take it in charge: police verifies attendance and residence, which says nothing about bullying,
 * substances, distress or harm.
 */
export interface ReportRoute {
  /** The state a case this report opens starts in. */
  opensIn: Extract<CaseState, 'screening' | 'social_assessment'>;
  /** Who at the municipality handles it. */
  desk: 'dropout_unit' | 'social_services';
  /** Whether the route may forward the case to police for verification. */
  policeVerification: boolean;
}

const DROPOUT: ReportRoute = { opensIn: 'screening', desk: 'dropout_unit', policeVerification: true };
const SOCIAL: ReportRoute = { opensIn: 'social_assessment', desk: 'social_services', policeVerification: false };

export const REPORT_ROUTES: Readonly<Record<ReportKind, ReportRoute>> = {
  absence: DROPOUT,
  bullying: SOCIAL,
  cyberbullying: SOCIAL,
  substance_use: SOCIAL,
  social_distress: SOCIAL,
  harm_to_child: SOCIAL,
};

export function routeReport(kind: ReportKind): ReportRoute {
  return REPORT_ROUTES[kind];
}

/**
 * The municipio (1–9) for the Osservatorio: the one the residence names, when the child lives in
 * Milan; none for a child living elsewhere (the municipio numbers are Milan's).
 */
export function municipioOf(residence: Pick<Residence, 'municipio'>, residentInMilan: boolean): number | null {
  return residentInMilan && residence.municipio !== undefined ? residence.municipio : null;
}
