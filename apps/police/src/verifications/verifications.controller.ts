import { AnswersWithView, type Page, ApiPage } from '@casenet/service-runtime';
import { ReadsCaseData } from '@casenet/compliance';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal, Allow, ACTORS, READERS } from '@casenet/auth';
import { VerificationListQuery, VerificationOutcomeDto } from './verification-outcome.dto.js';
import { VerificationView } from './verification.view.js';
import { VerificationsService } from './verifications.service.js';

@ApiTags('verifications')
@ApiBearerAuth()
@Controller('verifications')
export class VerificationsController {
  constructor(private readonly verifications: VerificationsService) {}

  @Allow(...READERS)
  @ReadsCaseData('residence-verification')
  @Get()
  @ApiOperation({ summary: 'Verification requests, oldest first; `?status=pending` for the worklist' })
  @ApiPage(VerificationView)
  list(@Query() query: VerificationListQuery): Promise<Page<VerificationView>> {
    return this.verifications.list(query.status, query.limit, query.offset, query.overdue === undefined ? undefined : query.overdue === 'true');
  }

  @Allow(...READERS)
  @ReadsCaseData('residence-verification')
  @Get(':id')
  @ApiOperation({ summary: 'One verification request' })
  @ApiOkResponse({ type: VerificationView })
  get(@Param('id', new ParseUUIDPipe({ version: '4' })) id: string): Promise<VerificationView> {
    return this.verifications.view(id);
  }

  @Allow(...ACTORS)
  @Post(':id/outcome')
  @ReadsCaseData('residence-verification')
  @HttpCode(200)
  @ApiOperation({ summary: 'Record what officers found; the municipality receives the outcome code only' })
  @AnswersWithView(VerificationView, { get: '/verifications/{id}', parameters: { id: '$request.path.id' } })
  complete(
    @Param('id', new ParseUUIDPipe({ version: '4' })) id: string,
    @Body() body: VerificationOutcomeDto,
    @CurrentPrincipal() who: Principal,
  ): Promise<VerificationView> {
    return this.verifications.complete(id, body, who.subject);
  }
}
