import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { SignalsModule } from '../signals/signals.module.js';
import { ReportIntakeService } from './report-intake.service.js';

/** School reports of every kind: a case where the kind routes it, or the child's open case. */
@Module({ imports: [CasesModule, SignalsModule], providers: [ReportIntakeService], exports: [ReportIntakeService] })
export class ReportIntakeModule {}
