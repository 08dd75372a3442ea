import type { SchoolTrack } from '@casenet/contracts';
import type { EntityManager } from 'typeorm';
import type { SurveyArea, TrackFigures } from './survey.rules.js';

export interface CampaignRow {
  id: string;
  schoolYear: string;
  deadline: string;
  deadlineAt: Date;
  openedAt: Date;
}

export interface InstitutionRow {
  answerCode: string;
  code: string;
  codes: string[];
  name: string;
  area: SurveyArea;
  private: boolean;
}

export interface GeneralRow {
  sites: number;
  studentsEnrolled: number;
  tracks: SchoolTrack[];
  dropoutReferent: boolean;
  listeningDesk: boolean;
  firstAnsweredAt: Date;
  answeredAt: Date;
}

export interface TrackRow extends TrackFigures {
  track: SchoolTrack;
  firstAnsweredAt: Date;
  answeredAt: Date;
}

export interface ReminderRow {
  daysBefore: number;
  remindedAt: Date;
  missing: string[];
}

/** One addressed institution with everything it answered and the reminders it got. */
export interface InstitutionState {
  institution: InstitutionRow;
  general: GeneralRow | null;
  tracks: TrackRow[];
  reminders: ReminderRow[];
}

const CAMPAIGN_COLUMNS = `id, school_year AS "schoolYear", to_char(deadline, 'YYYY-MM-DD') AS deadline, deadline_at AS "deadlineAt", opened_at AS "openedAt"`;

export async function findCampaign(manager: EntityManager, id: string): Promise<CampaignRow | undefined> {
  const rows = (await manager.query(`SELECT ${CAMPAIGN_COLUMNS} FROM survey_campaigns WHERE id = $1`, [id])) as CampaignRow[];
  return rows[0];
}

export async function listCampaigns(manager: EntityManager, limit: number, offset: number): Promise<{ rows: CampaignRow[]; total: number }> {
  const rows = (await manager.query(`SELECT ${CAMPAIGN_COLUMNS} FROM survey_campaigns ORDER BY school_year DESC LIMIT $1 OFFSET $2`, [
    limit,
    offset,
  ])) as CampaignRow[];
  const [{ n }] = (await manager.query(`SELECT count(*)::int AS n FROM survey_campaigns`)) as [{ n: number }];
  return { rows, total: n };
}

/** The campaigns that address any of these codes, with the institution each code belongs to. */
export async function campaignsAddressing(manager: EntityManager, codes: readonly string[]): Promise<{ campaignId: string; answerCode: string }[]> {
  return (await manager.query(
    `SELECT DISTINCT c.campaign_id AS "campaignId", c.answer_code AS "answerCode", k.school_year
       FROM survey_institution_codes c JOIN survey_campaigns k ON k.id = c.campaign_id
      WHERE c.code = ANY($1) ORDER BY k.school_year DESC, c.answer_code`,
    [codes],
  )) as { campaignId: string; answerCode: string }[];
}

/** The institution a code belongs to in a campaign (its own, or its group's). */
export async function institutionOfCode(manager: EntityManager, campaignId: string, code: string): Promise<string | undefined> {
  const rows = (await manager.query(`SELECT answer_code AS "answerCode" FROM survey_institution_codes WHERE campaign_id = $1 AND code = $2`, [
    campaignId,
    code,
  ])) as { answerCode: string }[];
  return rows[0]?.answerCode;
}

/** The state of a campaign's institutions (all, or those answering under `answerCodes`), in the order the UST listed them. */
export async function institutionStates(manager: EntityManager, campaignId: string, answerCodes?: readonly string[]): Promise<InstitutionState[]> {
  const filter = answerCodes ? ` AND answer_code = ANY($2)` : '';
  const params = answerCodes ? [campaignId, answerCodes] : [campaignId];
  const institutions = (await manager.query(
    `SELECT answer_code AS "answerCode", code, codes, name, area, private FROM survey_institutions WHERE campaign_id = $1${filter} ORDER BY position`,
    params,
  )) as InstitutionRow[];
  const general = (await manager.query(
    `SELECT answer_code AS "answerCode", sites, students_enrolled AS "studentsEnrolled", tracks, dropout_referent AS "dropoutReferent",
            listening_desk AS "listeningDesk", first_answered_at AS "firstAnsweredAt", answered_at AS "answeredAt"
       FROM survey_general_answers WHERE campaign_id = $1${filter}`,
    params,
  )) as (GeneralRow & { answerCode: string })[];
  const tracks = (await manager.query(
    `SELECT answer_code AS "answerCode", track, enrolled, withdrawn, transferred_out AS "transferredOut", irregular_attendance AS "irregularAttendance",
            never_attended AS "neverAttended", first_answered_at AS "firstAnsweredAt", answered_at AS "answeredAt"
       FROM survey_track_answers WHERE campaign_id = $1${filter}
      ORDER BY array_position(ARRAY['liceale', 'tecnico', 'professionale', 'iefp'], track)`,
    params,
  )) as (TrackRow & { answerCode: string })[];
  const reminders = (await manager.query(
    `SELECT answer_code AS "answerCode", days_before AS "daysBefore", reminded_at AS "remindedAt", missing
       FROM survey_reminders WHERE campaign_id = $1${filter} ORDER BY reminded_at, days_before DESC`,
    params,
  )) as (ReminderRow & { answerCode: string })[];
  const strip = <T extends { answerCode: string }>(row: T): Omit<T, 'answerCode'> => {
    const { answerCode: _ignored, ...rest } = row;
    return rest;
  };
  return institutions.map((institution) => {
    const own = <T extends { answerCode: string }>(rows: T[]) => rows.filter((row) => row.answerCode === institution.answerCode).map(strip);
    return { institution, general: own(general)[0] ?? null, tracks: own(tracks), reminders: own(reminders) };
  });
}
