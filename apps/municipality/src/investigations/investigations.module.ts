import { Module, type OnModuleInit } from '@nestjs/common';
import { DeadlineService } from '@casenet/deadlines';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { INVESTIGATION_REPORT } from '../case-web/case-web.store.js';
import { CasesModule } from '../cases/cases.module.js';
import { InvestigationsController } from './investigations.controller.js';
import { InvestigationsService } from './investigations.service.js';

/** The court's psychosocial investigations on a case: taken on, reported on, and the report's deadline. */
@Module({ imports: [CasesModule, CaseWebModule], controllers: [InvestigationsController], providers: [InvestigationsService] })
export class InvestigationsModule implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly investigations: InvestigationsService,
  ) {}

  onModuleInit(): void {
    this.deadlines.handle(INVESTIGATION_REPORT, { breach: (manager, deadline) => this.investigations.escalate(manager, deadline) });
  }
}
