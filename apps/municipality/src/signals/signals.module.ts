import { Module } from '@nestjs/common';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module.js';
import { SignalsController } from './signals.controller.js';
import { SignalsService } from './signals.service.js';

/** Police drug signals: received, linked to the child's cases, and listed for the dropout unit. */
@Module({ imports: [CaseWebModule, PseudonymsModule], controllers: [SignalsController], providers: [SignalsService], exports: [SignalsService] })
export class SignalsModule {}
