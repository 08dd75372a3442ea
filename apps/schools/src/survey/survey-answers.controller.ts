import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ACTORS, Allow, CurrentPrincipal, type Principal, READERS, ScopedToSchools } from '@casenet/auth';
import { AnswersWithView, ApiPage, type Page, PageQuery } from '@casenet/service-runtime';
import { GeneralAnswerDto, QuestionnaireParams, TrackAnswerDto, TrackParams } from './survey.dto.js';
import { SurveyAnswersService } from './survey-answers.service.js';
import { QuestionnaireView } from './survey.views.js';

const READ_BACK = {
  get: '/survey/campaigns/{campaignId}/questionnaires/{code}',
  parameters: { campaignId: '$request.path.campaignId', code: '$request.path.code' },
};

/** A school's side of the survey: the campaigns addressed to it and its answers, for the schools its token names. */
@ApiTags('survey')
@ApiBearerAuth()
@ScopedToSchools()
@Controller('survey')
export class SurveyAnswersController {
  constructor(private readonly answers: SurveyAnswersService) {}

  @Allow(...READERS)
  @Get('questionnaires')
  @ApiOperation({ summary: 'The survey campaigns addressed to the token’s schools, each with the school’s answers and reminders' })
  @ApiPage(QuestionnaireView)
  list(@Query() page: PageQuery, @CurrentPrincipal() principal: Principal): Promise<Page<QuestionnaireView>> {
    return this.answers.questionnaires(principal.schoolCodes, page.limit, page.offset);
  }

  @Allow(...READERS)
  @Get('campaigns/:campaignId/questionnaires/:code')
  @ApiOperation({
    summary: 'One institution’s questionnaire: its answers, completion and reminders (a private institution’s other codes answer 422 naming the code to use)',
  })
  @ApiOkResponse({ type: QuestionnaireView })
  get(@Param() { campaignId, code }: QuestionnaireParams, @CurrentPrincipal() principal: Principal): Promise<QuestionnaireView> {
    return this.answers.questionnaire(principal, campaignId, code);
  }

  @Allow(...ACTORS)
  @Post('campaigns/:campaignId/questionnaires/:code/general')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Part 1, the institution’s general data (sending it again corrects it until the deadline; after it a first answer is accepted and flagged late, a correction answers 409)',
  })
  @AnswersWithView(QuestionnaireView, READ_BACK)
  general(
    @Param() { campaignId, code }: QuestionnaireParams,
    @Body() body: GeneralAnswerDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<QuestionnaireView> {
    return this.answers.answerGeneral(principal, campaignId, code, body);
  }

  @Allow(...ACTORS)
  @Post('campaigns/:campaignId/questionnaires/:code/tracks/:track')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Part 2 for one track part 1 declared (409 before part 1); sending it again corrects it until the deadline; after it a first answer is accepted and flagged late, a correction answers 409',
  })
  @AnswersWithView(QuestionnaireView, READ_BACK)
  track(@Param() { campaignId, code, track }: TrackParams, @Body() body: TrackAnswerDto, @CurrentPrincipal() principal: Principal): Promise<QuestionnaireView> {
    return this.answers.answerTrack(principal, campaignId, code, track, body);
  }
}
