import { type DynamicModule, Module } from '@nestjs/common';
import { SurveyAnswersController } from './survey-answers.controller.js';
import { SurveyAnswersService } from './survey-answers.service.js';
import { SurveyCampaignsController } from './survey-campaigns.controller.js';
import { SurveyCampaignsService } from './survey-campaigns.service.js';
import { SurveyRemindersService } from './survey-reminders.service.js';
import { SurveyAggregatesService } from './survey-aggregates.service.js';
import { SURVEY_SETTINGS, type SurveySettings } from './survey.settings.js';

/** The school office's dropout survey (seed 001): campaigns, answers, reminders, aggregates. */
@Module({})
export class SurveyModule {
  static forService(settings: SurveySettings): DynamicModule {
    return {
      module: SurveyModule,
      controllers: [SurveyCampaignsController, SurveyAnswersController],
      providers: [
        { provide: SURVEY_SETTINGS, useValue: settings },
        SurveyCampaignsService,
        SurveyAnswersService,
        SurveyRemindersService,
        SurveyAggregatesService,
      ],
    };
  }
}
