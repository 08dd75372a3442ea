import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COURT_DECLINE_REASONS } from '@casenet/contracts';
import { PageQuery } from '@casenet/service-runtime';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { toBoolean } from '../proceedings/proceeding-commands.dto.js';
import { ARCHIVE_REASONS, type ArchiveReason, PROSECUTOR_FILE_STATES, type ProsecutorDeclineReason, type ProsecutorFileState } from './prosecution.rules.js';

export class DeclineReferralDto {
  @ApiProperty({ enum: COURT_DECLINE_REASONS, example: 'not_competent' })
  @IsIn(COURT_DECLINE_REASONS)
  reason!: ProsecutorDeclineReason;
}

/** The prosecutor's reasoning: judicial data, kept in the prosecutor's file and never sent. */
class ProsecutorNote {
  @ApiPropertyOptional({
    maxLength: 4000,
    example: 'Dagli atti non emergono elementi di pregiudizio; i servizi hanno già in carico il nucleo.',
    description: 'The prosecutor’s reasoning: judicial data (GDPR art. 10), kept in the prosecutor’s file and never sent',
  })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note?: string;
}

export class ArchiveReferralDto extends ProsecutorNote {
  @ApiProperty({
    enum: ARCHIVE_REASONS,
    example: 'no_prejudice_found',
    description: 'Kept by the prosecutor: the municipality learns only that it was archived',
  })
  @IsIn(ARCHIVE_REASONS)
  reason!: ArchiveReason;
}

export class PetitionCourtDto extends ProsecutorNote {}

export class ProsecutorFileListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: PROSECUTOR_FILE_STATES })
  @IsOptional()
  @IsIn(PROSECUTOR_FILE_STATES)
  state?: ProsecutorFileState;

  @ApiPropertyOptional({ type: Boolean, description: 'Files the municipality reported unanswered past its deadline' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
}
