import type { Agency } from './agencies.js';
import { AbsenceReportedV1 } from './events/absence-reported.v1.js';
import { ReportStatusChangedV1 } from './events/report-status-changed.v1.js';
import { VerificationCompletedV1 } from './events/verification-completed.v1.js';
import { VerificationRequestedV1 } from './events/verification-requested.v1.js';
import { HealthReferralRequestedV1 } from './events/health-referral-requested.v1.js';
import { CourtReferralRequestedV1 } from './events/court-referral-requested.v1.js';
import { CourtReferralUpdatedV1, HealthReferralUpdatedV1 } from './events/referral-updated.v1.js';
import { ReferralOverdueV1, ReferralWithdrawnV1 } from './events/referral-lifecycle.v1.js';
import { CourtOrderIssuedV1, MandateUpdatedV1 } from './events/court-order.v1.js';
import { DrugEventRecordedV1 } from './events/drug-event-recorded.v1.js';
import { BullyingReportedV1, HarmReportedV1, SocialDistressReportedV1, SubstanceUseReportedV1 } from './events/school-reports.v1.js';
import { CourtInvestigationRequestedV1, InvestigationUpdatedV1 } from './events/court-investigation.v1.js';

export interface EventContract {
  readonly type: string;
  readonly producer: Agency;
  /** The only agencies whose inbox may carry this event. */
  readonly recipients: readonly Agency[];
  readonly dataClass: new () => object;
  readonly summary: string;
}

/**
 * Every event type and version the system knows. A type that is not here is rejected on
 * the way out and dead-lettered on the way in. Within a version only additive changes are
 * allowed; a breaking change adds a new entry (`.v2`) beside the old one.
 */
const CATALOG = [
  {
    type: AbsenceReportedV1.type,
    producer: 'schools',
    recipients: ['municipality'],
    dataClass: AbsenceReportedV1,
    summary: 'A school reports a pupil who never attended or attends irregularly.',
  },
  {
    type: VerificationRequestedV1.type,
    producer: 'municipality',
    recipients: ['police'],
    dataClass: VerificationRequestedV1,
    summary: 'The dropout unit asks Polizia Locale to verify residence and attendance.',
  },
  {
    type: VerificationCompletedV1.type,
    producer: 'police',
    recipients: ['municipality'],
    dataClass: VerificationCompletedV1,
    summary: 'Polizia Locale returns the outcome of a verification.',
  },
  {
    type: ReportStatusChangedV1.type,
    producer: 'municipality',
    recipients: ['schools'],
    dataClass: ReportStatusChangedV1,
    summary: 'The status of a report changed; sent only to the school that filed it.',
  },
  {
    type: HealthReferralRequestedV1.type,
    producer: 'municipality',
    recipients: ['health'],
    dataClass: HealthReferralRequestedV1,
    summary: 'The coordinator refers a child to ATS for a health-related concern.',
  },
  {
    type: HealthReferralUpdatedV1.type,
    producer: 'health',
    recipients: ['municipality'],
    dataClass: HealthReferralUpdatedV1,
    summary: 'ATS accepted, declined, started or completed a referral (states and codes only).',
  },
  {
    type: CourtReferralRequestedV1.type,
    producer: 'municipality',
    recipients: ['court'],
    dataClass: CourtReferralRequestedV1,
    summary: 'The coordinator refers a child to the juvenile prosecutor (Procura minorile) for persistent evasion or harm.',
  },
  {
    type: CourtReferralUpdatedV1.type,
    producer: 'court',
    recipients: ['municipality'],
    dataClass: CourtReferralUpdatedV1,
    summary: 'The prosecutor accepted, declined, archived or petitioned a referral, or the court decided it (states and codes only).',
  },
  {
    type: CourtOrderIssuedV1.type,
    producer: 'court',
    recipients: ['municipality'],
    dataClass: CourtOrderIssuedV1,
    summary: 'The operative part of an order the municipality must execute (e.g. a level II care mandate).',
  },
  {
    type: MandateUpdatedV1.type,
    producer: 'municipality',
    recipients: ['court'],
    dataClass: MandateUpdatedV1,
    summary: 'The municipality acknowledges a court mandate and reports back on the care.',
  },
  {
    type: ReferralWithdrawnV1.type,
    producer: 'municipality',
    recipients: ['health', 'court'],
    dataClass: ReferralWithdrawnV1,
    summary: 'The coordinator withdraws a referral.',
  },
  {
    type: ReferralOverdueV1.type,
    producer: 'municipality',
    recipients: ['police', 'health', 'court'],
    dataClass: ReferralOverdueV1,
    summary: 'A referral missed its deadline; the recipient is told so its worklist can flag it.',
  },
  {
    type: DrugEventRecordedV1.type,
    producer: 'police',
    recipients: ['municipality'],
    dataClass: DrugEventRecordedV1,
    summary: 'Police recorded a drug-related event involving a pupil.',
  },
  {
    type: BullyingReportedV1.type,
    producer: 'schools',
    recipients: ['municipality'],
    dataClass: BullyingReportedV1,
    summary: 'A school reports bullying or cyberbullying (L. 71/2017) involving a pupil as victim, perpetrator or witness.',
  },
  {
    type: SubstanceUseReportedV1.type,
    producer: 'schools',
    recipients: ['municipality'],
    dataClass: SubstanceUseReportedV1,
    summary: 'A school reports what it saw about a pupil and substances (DPR 309/90).',
  },
  {
    type: SocialDistressReportedV1.type,
    producer: 'schools',
    recipients: ['municipality'],
    dataClass: SocialDistressReportedV1,
    summary: "A school reports signs of a pupil's social or psychological distress.",
  },
  {
    type: HarmReportedV1.type,
    producer: 'schools',
    recipients: ['municipality'],
    dataClass: HarmReportedV1,
    summary: 'A school reports harm to a child (segnalazione di pregiudizio), naming what it observed.',
  },
  {
    type: CourtInvestigationRequestedV1.type,
    producer: 'court',
    recipients: ['municipality'],
    dataClass: CourtInvestigationRequestedV1,
    summary: 'The court asks social services for a psychosocial investigation: what to investigate and by when.',
  },
  {
    type: InvestigationUpdatedV1.type,
    producer: 'municipality',
    recipients: ['court'],
    dataClass: InvestigationUpdatedV1,
    summary: 'Social services took a psychosocial investigation on, or send the court its report.',
  },
] as const satisfies readonly EventContract[];

export const EVENT_CATALOG: readonly EventContract[] = CATALOG;

// The literal view of the catalogue, so the types below follow it without a second list.
type CatalogEntry = (typeof CATALOG)[number];

/** Every event type the system knows, as a union of literals: derived from the catalogue, never spelled twice. */
export type EventType = CatalogEntry['type'];

/** A contract class of the catalogue: its static `type` names it, its instances are what an event carries. */
export type EventClass = CatalogEntry['dataClass'];

/** What an event of this contract carries in `data`: the contract class's fields. */
export type EventData<C extends EventClass> = InstanceType<C>;

/** The agencies whose inbox may carry an event of this contract. */
export type RecipientOf<C extends EventClass> = Extract<CatalogEntry, { type: C['type'] }>['recipients'][number];

const byType = new Map<string, EventContract>(EVENT_CATALOG.map((contract) => [contract.type, contract]));

export function findContract(type: string): EventContract | undefined {
  return byType.get(type);
}
