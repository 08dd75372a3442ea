import { ApiProperty } from '@nestjs/swagger';
import { SCHOOL_TRACKS, type SchoolTrack } from '@casenet/contracts';
import { completionOf, type CompletionStatus, SURVEY_AREAS } from './survey.rules.js';
import type { CampaignRow, InstitutionRow, InstitutionState, ReminderRow } from './survey.store.js';

const COMPLETION_STATUSES: CompletionStatus[] = ['missing', 'partial', 'answered', 'late'];

export class SurveyInstitutionView {
  @ApiProperty({ example: 'MIPS01000X', description: 'The code the institution answers under: the first of its codes in alphabetical order' })
  answerCode!: string;

  @ApiProperty({ example: 'MIPS01000X', description: 'The code the UST listed it under' })
  code!: string;

  @ApiProperty({ type: [String], description: 'Every code the institution holds (one for a state school), in alphabetical order' })
  codes!: string[];

  @ApiProperty()
  name!: string;

  @ApiProperty({ enum: SURVEY_AREAS })
  area!: string;

  @ApiProperty({ description: 'A private (paritaria) institution' })
  private!: boolean;

  static of(row: InstitutionRow): SurveyInstitutionView {
    return { answerCode: row.answerCode, code: row.code, codes: row.codes, name: row.name, area: row.area, private: row.private };
  }
}

/** What every view of one campaign says about it: its year and its deadline. */
export abstract class CampaignDeadlineView {
  @ApiProperty({ example: '2022/23' })
  schoolYear!: string;

  @ApiProperty({ format: 'date', example: '2023-12-20', description: 'Answers are on time until the end of this day, Italian time' })
  deadline!: string;

  @ApiProperty({ format: 'date-time', description: 'The instant the deadline ends' })
  deadlineAt!: string;

  @ApiProperty({ description: 'Whether the deadline has passed (by the service’s clock)' })
  deadlinePassed!: boolean;
}

export class SurveyCampaignView extends CampaignDeadlineView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'date-time' })
  openedAt!: string;

  @ApiProperty({ type: 'integer', minimum: 0 })
  institutionCount!: number;

  @ApiProperty({ type: () => [SurveyInstitutionView], description: 'The institutions addressed, in the order the UST listed them' })
  institutions!: SurveyInstitutionView[];

  static of(row: CampaignRow, institutions: InstitutionRow[], now: Date): SurveyCampaignView {
    return {
      ...campaignFields(row, now),
      openedAt: row.openedAt.toISOString(),
      institutionCount: institutions.length,
      institutions: institutions.map(SurveyInstitutionView.of),
    };
  }
}

function campaignFields(row: CampaignRow, now: Date) {
  return { id: row.id, schoolYear: row.schoolYear, deadline: row.deadline, deadlineAt: row.deadlineAt.toISOString(), deadlinePassed: now >= row.deadlineAt };
}

export class SurveyReminderView {
  @ApiProperty({ type: 'integer', example: 7, description: 'Days before the deadline this reminder is for' })
  daysBefore!: number;

  @ApiProperty({ format: 'date-time' })
  remindedAt!: string;

  @ApiProperty({
    type: [String],
    example: ['general'],
    description: 'What was missing then: `general` (part 1) or the tracks part 1 declared and part 2 lacks',
  })
  missing!: string[];

  static of(row: ReminderRow): SurveyReminderView {
    return { daysBefore: row.daysBefore, remindedAt: row.remindedAt.toISOString(), missing: row.missing };
  }
}

export class GeneralAnswerView {
  @ApiProperty({ type: 'integer' })
  sites!: number;

  @ApiProperty({ type: 'integer' })
  studentsEnrolled!: number;

  @ApiProperty({ enum: SCHOOL_TRACKS, isArray: true })
  tracks!: string[];

  @ApiProperty()
  dropoutReferent!: boolean;

  @ApiProperty()
  listeningDesk!: boolean;

  @ApiProperty({ format: 'date-time', description: 'When this version was recorded' })
  answeredAt!: string;

  @ApiProperty({ description: 'Recorded after the deadline' })
  late!: boolean;
}

export class TrackAnswerView {
  @ApiProperty({ enum: SCHOOL_TRACKS })
  track!: string;

  @ApiProperty({ type: 'integer' })
  enrolled!: number;

  @ApiProperty({ type: 'integer' })
  withdrawn!: number;

  @ApiProperty({ type: 'integer' })
  transferredOut!: number;

  @ApiProperty({ type: 'integer' })
  irregularAttendance!: number;

  @ApiProperty({ type: 'integer' })
  neverAttended!: number;

  @ApiProperty({ format: 'date-time', description: 'When this version was recorded' })
  answeredAt!: string;

  @ApiProperty({ description: 'Recorded after the deadline' })
  late!: boolean;
}

/** What a school sees of a campaign addressed to it: its own answers, how complete they are, its reminders. */
export class QuestionnaireView extends CampaignDeadlineView {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty({ type: () => SurveyInstitutionView })
  institution!: SurveyInstitutionView;

  @ApiProperty({ type: () => GeneralAnswerView, nullable: true, description: 'Part 1; part 2 opens once it is answered' })
  general!: GeneralAnswerView | null;

  @ApiProperty({ type: () => [TrackAnswerView], description: 'Part 2, one per track answered' })
  tracks!: TrackAnswerView[];

  @ApiProperty({ enum: COMPLETION_STATUSES, description: 'answered/late: part 1 and every declared track are in (late: completed after the deadline)' })
  status!: CompletionStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ enum: SCHOOL_TRACKS, isArray: true, description: 'Tracks part 1 declared that part 2 still lacks' })
  missingTracks!: string[];

  @ApiProperty({ type: () => [SurveyReminderView] })
  reminders!: SurveyReminderView[];

  static of(campaign: CampaignRow, state: InstitutionState, now: Date): QuestionnaireView {
    const late = (at: Date) => at >= campaign.deadlineAt;
    const completion = completionOf(
      {
        general: state.general ? { firstAnsweredAt: state.general.firstAnsweredAt, tracks: state.general.tracks } : null,
        tracks: new Map(state.tracks.map((t) => [t.track, t.firstAnsweredAt])),
      },
      campaign.deadlineAt,
    );
    const { id, ...fields } = campaignFields(campaign, now);
    return {
      campaignId: id,
      ...fields,
      institution: SurveyInstitutionView.of(state.institution),
      general: state.general
        ? {
            sites: state.general.sites,
            studentsEnrolled: state.general.studentsEnrolled,
            tracks: state.general.tracks,
            dropoutReferent: state.general.dropoutReferent,
            listeningDesk: state.general.listeningDesk,
            answeredAt: state.general.answeredAt.toISOString(),
            late: late(state.general.answeredAt),
          }
        : null,
      tracks: state.tracks.map((t) => ({
        track: t.track,
        enrolled: t.enrolled,
        withdrawn: t.withdrawn,
        transferredOut: t.transferredOut,
        irregularAttendance: t.irregularAttendance,
        neverAttended: t.neverAttended,
        answeredAt: t.answeredAt.toISOString(),
        late: late(t.answeredAt),
      })),
      status: completion.status,
      completedAt: completion.completedAt?.toISOString() ?? null,
      missingTracks: completion.missingTracks,
      reminders: state.reminders.map(SurveyReminderView.of),
    };
  }
}

/** What the UST sees of one institution: whether and when it answered, never its figures. */
export class InstitutionCompletionView {
  @ApiProperty({ type: () => SurveyInstitutionView })
  institution!: SurveyInstitutionView;

  @ApiProperty({ enum: COMPLETION_STATUSES })
  status!: CompletionStatus;

  @ApiProperty({ description: 'Part 1 is in' })
  generalAnswered!: boolean;

  @ApiProperty({ enum: SCHOOL_TRACKS, isArray: true, description: 'The tracks part 1 declared (the institution’s offer, not a figure)' })
  tracksDeclared!: string[];

  @ApiProperty({ enum: SCHOOL_TRACKS, isArray: true })
  tracksAnswered!: string[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The latest answer or correction' })
  lastAnsweredAt!: string | null;

  @ApiProperty({ description: 'The deadline has passed and the institution has not completed' })
  overdue!: boolean;

  @ApiProperty({ type: () => [SurveyReminderView] })
  reminders!: SurveyReminderView[];

  static of(campaign: CampaignRow, state: InstitutionState, now: Date): InstitutionCompletionView {
    const view = QuestionnaireView.of(campaign, state, now);
    const times = [state.general?.answeredAt, ...state.tracks.map((t) => t.answeredAt)].filter((t): t is Date => t !== undefined);
    const complete = view.status === 'answered' || view.status === 'late';
    return {
      institution: view.institution,
      status: view.status,
      generalAnswered: state.general !== null,
      tracksDeclared: state.general?.tracks ?? [],
      tracksAnswered: state.tracks.map((t) => t.track as SchoolTrack),
      completedAt: view.completedAt,
      lastAnsweredAt: times.length ? new Date(Math.max(...times.map((t) => t.getTime()))).toISOString() : null,
      overdue: !complete && now >= campaign.deadlineAt,
      reminders: view.reminders,
    };
  }
}

export class CompletionCountsView {
  @ApiProperty({ type: 'integer' })
  missing!: number;

  @ApiProperty({ type: 'integer' })
  partial!: number;

  @ApiProperty({ type: 'integer' })
  answered!: number;

  @ApiProperty({ type: 'integer' })
  late!: number;

  @ApiProperty({ type: 'integer', description: 'Institutions reminded at least once' })
  reminded!: number;

  @ApiProperty({ type: 'integer', description: 'Institutions past the deadline without completing' })
  overdue!: number;
}

/** The UST's follow-up of a campaign: who answered, who is late or missing, who was reminded. */
export class CampaignCompletionView extends CampaignDeadlineView {
  @ApiProperty({ format: 'uuid' })
  campaignId!: string;

  @ApiProperty({ type: () => CompletionCountsView })
  counts!: CompletionCountsView;

  @ApiProperty({ type: () => [InstitutionCompletionView] })
  institutions!: InstitutionCompletionView[];

  static of(campaign: CampaignRow, states: InstitutionState[], now: Date): CampaignCompletionView {
    const institutions = states.map((state) => InstitutionCompletionView.of(campaign, state, now));
    const count = (test: (i: InstitutionCompletionView) => boolean) => institutions.filter(test).length;
    const { id, ...fields } = campaignFields(campaign, now);
    return {
      campaignId: id,
      ...fields,
      counts: {
        missing: count((i) => i.status === 'missing'),
        partial: count((i) => i.status === 'partial'),
        answered: count((i) => i.status === 'answered'),
        late: count((i) => i.status === 'late'),
        reminded: count((i) => i.reminders.length > 0),
        overdue: count((i) => i.overdue),
      },
      institutions,
    };
  }
}
