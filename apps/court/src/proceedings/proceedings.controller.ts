import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS } from '@casenet/auth';
import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { IssueOrderDto } from '../orders/order-commands.dto.js';
import { AssignmentDto, ProceedingListQuery, RegisterProceedingDto } from './proceeding-commands.dto.js';
import { ProceedingSummaryView, ProceedingView } from './proceeding.view.js';
import { ProceedingsService } from './proceedings.service.js';

const PURPOSE = 'juvenile-proceedings';
const READ_BACK = { get: '/proceedings/{id}', parameters: { id: '$request.path.id' } };
const uuid = new ParseUUIDPipe({ version: '4' });

class ProceedingPage implements Page<ProceedingSummaryView> {
  @ApiProperty({ type: [ProceedingSummaryView] })
  items!: ProceedingSummaryView[];

  @ApiProperty({ example: 1 })
  total!: number;
}

@ApiTags('proceedings')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No proceeding with this id' })
@Controller('proceedings')
export class ProceedingsController {
  constructor(private readonly proceedings: ProceedingsService) {}

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get()
  @ApiOperation({ summary: 'Worklist: proceedings by state, grounds, assignee or overdue, most urgent answer first' })
  @ApiOkResponse({ type: ProceedingPage })
  @ApiPage(ProceedingSummaryView)
  list(@Query() query: ProceedingListQuery): Promise<Page<ProceedingSummaryView>> {
    return this.proceedings.list(query);
  }

  @Allow(...READERS)
  @ReadsCaseData(PURPOSE)
  @Get(':id')
  @ApiOperation({ summary: 'The court’s file: referral facts, judicial note, history, orders and their deadlines' })
  @ApiOkResponse({ type: ProceedingView })
  get(@Param('id', uuid) id: string): Promise<ProceedingView> {
    return this.proceedings.view(id);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/register')
  @HttpCode(200)
  @ApiOperation({ summary: 'Register the prosecutor’s petition under a docket number (the court’s own step: the municipality already sees it petitioned)' })
  @AnswersWithView(ProceedingView, READ_BACK)
  @ApiConflictResponse({ description: 'Not a new petition, or the docket number is taken' })
  register(@Param('id', uuid) id: string, @Body() body: RegisterProceedingDto, @CurrentPrincipal() who: Principal): Promise<ProceedingView> {
    return this.proceedings.command(id, { kind: 'register', docket: body.docket }, who.subject);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/hearing')
  @HttpCode(200)
  @ApiOperation({ summary: 'Open the hearing of a registered proceeding' })
  @AnswersWithView(ProceedingView, READ_BACK)
  @ApiConflictResponse({ description: 'Not a registered proceeding' })
  hearing(@Param('id', uuid) id: string, @CurrentPrincipal() who: Principal): Promise<ProceedingView> {
    return this.proceedings.command(id, { kind: 'open_hearing' }, who.subject);
  }

  @Allow(...ACTORS)
  @ReadsCaseData(PURPOSE)
  @Post(':id/orders')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Issue the order that completes the proceeding; the municipality receives its operative part, never the judicial note',
  })
  @AnswersWithView(ProceedingView, READ_BACK)
  @ApiConflictResponse({ description: 'Not registered, already decided, or an investigation of social services is still open' })
  issueOrder(@Param('id', uuid) id: string, @Body() body: IssueOrderDto, @CurrentPrincipal() who: Principal): Promise<ProceedingView> {
    return this.proceedings.command(id, { kind: 'issue_order', ...body }, who.subject);
  }

  @Allow('supervisor')
  @ReadsCaseData(PURPOSE)
  @Post(':id/assignment')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reassign an open proceeding (supervisors only)' })
  @AnswersWithView(ProceedingView, READ_BACK)
  @ApiConflictResponse({ description: 'The proceeding is closed' })
  assign(@Param('id', uuid) id: string, @Body() body: AssignmentDto, @CurrentPrincipal() who: Principal): Promise<ProceedingView> {
    return this.proceedings.assign(id, body.assignee, who.subject);
  }
}
