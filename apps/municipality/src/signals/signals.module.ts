import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { SignalsController } from './signals.controller.js';
import { SignalsService } from './signals.service.js';

/** Police drug signals: received, linked to the child's cases, and listed for the dropout unit. */
@Module({ imports: [CasesModule], controllers: [SignalsController], providers: [SignalsService], exports: [SignalsService] })
export class SignalsModule {}
