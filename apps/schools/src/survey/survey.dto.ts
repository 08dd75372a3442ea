import { ApiProperty } from '@nestjs/swagger';
import { IsSchoolYear, SCHOOL_CODE_PATTERN, SCHOOL_TRACKS, type SchoolTrack } from '@casenet/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { SURVEY_AREAS, type SurveyArea } from './survey.rules.js';

const CODE_MESSAGE = { message: '$property must be a 10-character codice meccanografico' };
const CODES_MESSAGE = { each: true, message: 'each of codes must be a 10-character codice meccanografico' };

/** An upper-secondary school or CFP/IeFP centre the campaign addresses. */
export class SurveyInstitutionDto {
  @ApiProperty({ example: 'MIPS01000X', pattern: SCHOOL_CODE_PATTERN.source, description: 'Codice meccanografico' })
  @IsString()
  @Matches(SCHOOL_CODE_PATTERN, CODE_MESSAGE)
  code!: string;

  @ApiProperty({ example: 'Liceo scientifico Leonardo da Vinci', minLength: 1, maxLength: 200 })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: SURVEY_AREAS, description: 'The city of Milan, or the rest of the metropolitan area' })
  @IsIn(SURVEY_AREAS)
  area!: SurveyArea;

  @ApiProperty({ description: 'A private (paritaria) institution; false for a state school' })
  @IsBoolean()
  private!: boolean;

  @ApiProperty({
    required: false,
    type: [String],
    minItems: 2,
    maxItems: 20,
    description: 'Private institutions only: every code the institution holds, `code` among them. It answers under the first in alphabetical order.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(SCHOOL_CODE_PATTERN, CODES_MESSAGE)
  codes?: string[];
}

/** The UST opens the year's campaign: the school year, the deadline, the institutions addressed. */
export class OpenCampaignDto {
  @ApiProperty({ example: '2022/23', pattern: '^[0-9]{4}/[0-9]{2}$' })
  @IsSchoolYear()
  schoolYear!: string;

  @ApiProperty({ example: '2023-12-20', format: 'date', description: 'Answers are on time until the end of this day, Italian time' })
  @IsISO8601({ strict: true }, { message: 'deadline must be a date (YYYY-MM-DD)' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'deadline must be a date (YYYY-MM-DD)' })
  deadline!: string;

  @ApiProperty({ type: () => [SurveyInstitutionDto], minItems: 1, maxItems: 3000 })
  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(3000)
  @ValidateNested({ each: true })
  @Type(() => SurveyInstitutionDto)
  institutions!: SurveyInstitutionDto[];
}

/** Part 1: the institution's general data, once per institution. */
export class GeneralAnswerDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100, example: 2, description: 'Sites (sedi) of the institution' })
  @IsInt()
  @Min(1)
  @Max(100)
  sites!: number;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: 20000, example: 1150, description: 'Students enrolled overall at the start of the year' })
  @IsInt()
  @Min(0)
  @Max(20000)
  studentsEnrolled!: number;

  @ApiProperty({
    enum: SCHOOL_TRACKS,
    isArray: true,
    minItems: 1,
    maxItems: 4,
    description: 'The tracks the institution offers: part 2 is asked once for each',
  })
  @IsArray()
  @ArrayMinSize(1, { message: 'tracks must name at least one track the institution offers' })
  @ArrayMaxSize(4)
  @ArrayUnique({ message: 'tracks must not name a track twice' })
  @IsIn(SCHOOL_TRACKS, { each: true, message: `each of tracks must be one of ${SCHOOL_TRACKS.join(', ')}` })
  tracks!: SchoolTrack[];

  @ApiProperty({ description: 'Whether the institution has a teacher named as its dropout referent (referente per la dispersione)' })
  @IsBoolean()
  dropoutReferent!: boolean;

  @ApiProperty({ description: 'Whether the institution runs a listening desk (sportello di ascolto)' })
  @IsBoolean()
  listeningDesk!: boolean;
}

const figure = (description: string, example: number) => ApiProperty({ type: 'integer', minimum: 0, maximum: 10000, example, description });

/**
 * Part 2, per track: the track's enrolled students and, of them, each in one class only (the first
 * that applies): withdrawn, transferred out, irregular attendance, never attended.
 */
export class TrackAnswerDto {
  @figure('Students enrolled in the track', 420)
  @IsInt()
  @Min(0)
  @Max(10000)
  enrolled!: number;

  @figure('Of them, withdrawn during the year (ritirati)', 6)
  @IsInt()
  @Min(0)
  @Max(10000)
  withdrawn!: number;

  @figure('Of them, transferred to another school or training', 9)
  @IsInt()
  @Min(0)
  @Max(10000)
  transferredOut!: number;

  @figure('Of them, absent for more than a quarter of the year’s hours (beyond the legal attendance threshold) and still enrolled', 14)
  @IsInt()
  @Min(0)
  @Max(10000)
  irregularAttendance!: number;

  @figure('Of them, enrolled but never attended', 2)
  @IsInt()
  @Min(0)
  @Max(10000)
  neverAttended!: number;
}

/** A campaign in a route. */
export class CampaignParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('4', { message: 'campaignId must be a UUID' })
  campaignId!: string;
}

/** One institution's questionnaire in a campaign, by the code it answers under. */
export class QuestionnaireParams extends CampaignParams {
  @ApiProperty({ example: 'MIPS01000X', pattern: SCHOOL_CODE_PATTERN.source, description: 'The code the institution answers under' })
  @Matches(SCHOOL_CODE_PATTERN, CODE_MESSAGE)
  code!: string;
}

/** One track's part 2. */
export class TrackParams extends QuestionnaireParams {
  @ApiProperty({ enum: SCHOOL_TRACKS, pattern: `^(${SCHOOL_TRACKS.join('|')})$` })
  @IsIn(SCHOOL_TRACKS, { message: `track must be one of ${SCHOOL_TRACKS.join(', ')}` })
  track!: SchoolTrack;
}
