import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { IntakeModule } from '../intake/intake.module.js';
import { ScreeningController } from './screening.controller.js';
import { ScreeningService } from './screening.service.js';

@Module({ imports: [CasesModule, IntakeModule], controllers: [ScreeningController], providers: [ScreeningService] })
export class ScreeningModule {}
