import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal, PROSECUTOR_ACTORS, PROSECUTOR_READERS } from '@casenet/auth';
import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { ArchiveReferralDto, DeclineReferralDto, PetitionCourtDto, ProsecutorFileListQuery } from './prosecution-commands.dto.js';
import { ProsecutorFileSummaryView, ProsecutorFileView } from './prosecutor-file.view.js';
import { ProsecutionService } from './prosecution.service.js';

const PURPOSE = 'juvenile-prosecution';
const READ_BACK = { get: '/prosecutor-files/{id}', parameters: { id: '$request.path.id' } };
const uuid = new ParseUUIDPipe({ version: '4' });

class ProsecutorFilePage implements Page<ProsecutorFileSummaryView> {
  @ApiProperty({ type: [ProsecutorFileSummaryView] })
  items!: ProsecutorFileSummaryView[];

  @ApiProperty({ example: 1 })
  total!: number;
}

/** The prosecutor's desk (Procura presso il Tribunale per i minorenni): its own role, its own file. */
@ApiTags('prosecutor')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No prosecutor’s file with this id' })
@Controller('prosecutor-files')
export class ProsecutionController {
  constructor(private readonly prosecution: ProsecutionService) {}

  @Allow(...PROSECUTOR_READERS)
  @ReadsCaseData(PURPOSE)
  @Get()
  @ApiOperation({ summary: 'The prosecutor’s worklist: referrals by state or overdue, most urgent answer first' })
  @ApiOkResponse({ type: ProsecutorFilePage })
  @ApiPage(ProsecutorFileSummaryView)
  list(@Query() query: ProsecutorFileListQuery): Promise<Page<ProsecutorFileSummaryView>> {
    return this.prosecution.list(query);
  }

  @Allow(...PROSECUTOR_READERS)
  @ReadsCaseData(PURPOSE)
  @Get(':id')
  @ApiOperation({ summary: 'The prosecutor’s file: the referral’s facts, the prosecutor’s note and every step' })
  @ApiOkResponse({ type: ProsecutorFileView })
  get(@Param('id', uuid) id: string): Promise<ProsecutorFileView> {
    return this.prosecution.view(id);
  }

  @Allow(...PROSECUTOR_ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/accept')
  @HttpCode(200)
  @ApiOperation({ summary: 'Accept the referral for examination; the municipality learns it was accepted' })
  @AnswersWithView(ProsecutorFileView, READ_BACK)
  @ApiConflictResponse({ description: 'Not a new referral' })
  accept(@Param('id', uuid) id: string, @CurrentPrincipal() who: Principal): Promise<ProsecutorFileView> {
    return this.prosecution.command(id, { kind: 'accept' }, who.subject);
  }

  @Allow(...PROSECUTOR_ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/decline')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decline a new referral with a reason code; the municipality receives the code only' })
  @AnswersWithView(ProsecutorFileView, READ_BACK)
  @ApiConflictResponse({ description: 'Not a new referral' })
  decline(@Param('id', uuid) id: string, @Body() body: DeclineReferralDto, @CurrentPrincipal() who: Principal): Promise<ProsecutorFileView> {
    return this.prosecution.command(id, { kind: 'decline', reason: body.reason }, who.subject);
  }

  @Allow(...PROSECUTOR_ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/archive')
  @HttpCode(200)
  @ApiOperation({ summary: 'Archive an examined referral with a reason; the municipality learns only that it was archived' })
  @AnswersWithView(ProsecutorFileView, READ_BACK)
  @ApiConflictResponse({ description: 'Not under examination' })
  archive(@Param('id', uuid) id: string, @Body() body: ArchiveReferralDto, @CurrentPrincipal() who: Principal): Promise<ProsecutorFileView> {
    return this.prosecution.command(id, { kind: 'archive', reason: body.reason, note: body.note }, who.subject);
  }

  @Allow(...PROSECUTOR_ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/petition')
  @HttpCode(200)
  @ApiOperation({ summary: 'Petition the court (ricorso): the court’s registry gets the referral; the municipality learns it is before the court' })
  @AnswersWithView(ProsecutorFileView, READ_BACK)
  @ApiConflictResponse({ description: 'Not under examination' })
  petition(@Param('id', uuid) id: string, @Body() body: PetitionCourtDto, @CurrentPrincipal() who: Principal): Promise<ProsecutorFileView> {
    return this.prosecution.command(id, { kind: 'petition', note: body.note }, who.subject);
  }
}
