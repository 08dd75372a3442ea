import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { SignalsModule } from '../signals/signals.module.js';
import { ScreeningController } from './screening.controller.js';
import { ScreeningService } from './screening.service.js';

@Module({ imports: [CasesModule, SignalsModule], controllers: [ScreeningController], providers: [ScreeningService] })
export class ScreeningModule {}
