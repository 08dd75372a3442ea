import { ApiProperty } from '@nestjs/swagger';
import { COURT_DECLINE_REASONS, COURT_GROUNDS, REFERRAL_OUTCOMES } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import type { ProceedingPersonalData } from '../proceedings/proceeding.entity.js';
import { HistoryEntryView } from '../proceedings/proceeding.view.js';
import { ARCHIVE_REASONS, PROSECUTOR_FILE_STATES } from './prosecution.rules.js';
import type { ProsecutorFile } from './prosecutor-file.entity.js';
import type { ProsecutorHistoryEntry } from './prosecutor-history.entity.js';

/** A prosecutor's file with its sealed parts opened (or marked erased). */
export interface OpenedProsecutorFile {
  row: ProsecutorFile;
  personal: ProceedingPersonalData | Erased;
  note: string | Erased | null;
}

/** A line of the prosecutor's worklist. */
export class ProsecutorFileSummaryView {
  @ApiProperty({ format: 'uuid', description: 'The municipality’s referral id (and the proceeding’s, once petitioned)' })
  id!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: PROSECUTOR_FILE_STATES, example: 'requested', description: 'The referral loop: in_progress = petitioned to the court' })
  state!: string;

  @ApiProperty({ enum: COURT_GROUNDS, nullable: true, type: String, example: 'harm_to_child', description: 'Null once the child’s data is erased' })
  grounds!: string | null;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' })
  erased!: boolean;

  @ApiProperty({ nullable: true, example: { firstName: 'Giulia', lastName: 'Rossi', taxCode: 'RSSGLI12A41F205I', birthDate: '2012-01-01' } })
  pupil!: object | null;

  @ApiProperty({ format: 'date-time', description: 'When the municipality expects the prosecutor’s answer (a configurable default)' })
  respondBy!: string;

  @ApiProperty({ description: 'Still unanswered and reported overdue by the municipality' })
  overdue!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  overdueSince!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  static of({ row, personal }: OpenedProsecutorFile): ProsecutorFileSummaryView {
    const erased = isErased(personal);
    return {
      id: row.id,
      caseref: row.caseref,
      state: row.state,
      grounds: erased ? null : (personal.grounds ?? null),
      erased,
      pupil: erased ? null : personal.pupil,
      respondBy: row.respondBy.toISOString(),
      overdue: row.overdueSince !== null && row.state === 'requested',
      overdueSince: row.overdueSince?.toISOString() ?? null,
      receivedAt: row.receivedAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}

/** The prosecutor's own file: the referral's facts, the prosecutor's note, every step. */
export class ProsecutorFileView extends ProsecutorFileSummaryView {
  @ApiProperty({ nullable: true })
  residence!: object | null;

  @ApiProperty({ nullable: true, example: { code: 'MIMM112233', name: 'Secondaria di I grado Cassinis' } })
  school!: object | null;

  @ApiProperty({ nullable: true, type: String, example: 'confirmed_absent' })
  verificationOutcome!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'tutoring_educativo' })
  programme!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'The municipality’s notes' })
  notes!: string | null;

  @ApiProperty({ enum: COURT_DECLINE_REASONS, nullable: true, type: String })
  declineReason!: string | null;

  @ApiProperty({ enum: ARCHIVE_REASONS, nullable: true, type: String })
  archiveReason!: string | null;

  @ApiProperty({ enum: REFERRAL_OUTCOMES, nullable: true, type: String, example: 'archived' })
  outcome!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'Judicial data: shown to the prosecutor’s desk only' })
  prosecutorNote!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  petitionedAt!: string | null;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  closedAt!: string | null;

  @ApiProperty({ type: [HistoryEntryView] })
  history!: HistoryEntryView[];

  static full(opened: OpenedProsecutorFile, history: ProsecutorHistoryEntry[]): ProsecutorFileView {
    const { row, personal, note } = opened;
    const known = isErased(personal) ? undefined : personal;
    return {
      ...ProsecutorFileSummaryView.of(opened),
      residence: known?.residence ?? null,
      school: known?.school ?? null,
      verificationOutcome: known?.verificationOutcome ?? null,
      programme: known?.programme ?? null,
      notes: known?.notes ?? null,
      declineReason: row.declineReason,
      archiveReason: row.archiveReason,
      outcome: row.outcome,
      prosecutorNote: note === null || isErased(note) ? null : note,
      petitionedAt: row.petitionedAt?.toISOString() ?? null,
      closedAt: row.closedAt?.toISOString() ?? null,
      history: history.map((h) => ({ action: h.action, actor: h.actor, detail: h.detail, at: h.at.toISOString() })),
    };
  }
}
