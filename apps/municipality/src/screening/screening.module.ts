import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { ReportIntakeModule } from '../report-intake/report-intake.module.js';
import { ScreeningController } from './screening.controller.js';
import { ScreeningService } from './screening.service.js';

@Module({ imports: [CasesModule, ReportIntakeModule], controllers: [ScreeningController], providers: [ScreeningService] })
export class ScreeningModule {}
