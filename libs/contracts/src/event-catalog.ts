import type { Agency } from './agencies.js';
import { AbsenceReportedV1 } from './events/absence-reported.v1.js';
import { ReportStatusChangedV1 } from './events/report-status-changed.v1.js';
import { VerificationCompletedV1 } from './events/verification-completed.v1.js';
import { VerificationRequestedV1 } from './events/verification-requested.v1.js';

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
export const EVENT_CATALOG: readonly EventContract[] = [
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
];

const byType = new Map(EVENT_CATALOG.map((contract) => [contract.type, contract]));

export function findContract(type: string): EventContract | undefined {
  return byType.get(type);
}
