import { IsIn, IsISO8601, IsUUID } from 'class-validator';

/**
 * The status codes a school may learn about its own report. Deliberately coarse: the school
 * learns where its report stands, never the police outcome detail or the care plan.
 */
export const REPORT_STATUSES = [
  'received',
  'closed_immediate_return',
  'closed_clerical_error',
  'closed_non_resident',
  'linked_to_open_case',
  'verification_requested',
  'verification_completed',
  'taken_in_charge',
  'returned_to_class',
  'closed',
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** municipality → schools: the new status of one report that school filed. */
export class ReportStatusChangedV1 {
  static readonly type = 'municipality.report-status.changed.v1';

  @IsUUID('4')
  reportId!: string;

  @IsIn(REPORT_STATUSES)
  status!: ReportStatus;

  @IsISO8601({ strict: true })
  changedAt!: string;
}
