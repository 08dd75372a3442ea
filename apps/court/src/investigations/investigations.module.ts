import { Module, type OnModuleInit } from '@nestjs/common';
import { DeadlineService } from '@casenet/deadlines';
import { InvestigationsController } from './investigations.controller.js';
import { INVESTIGATION_REPORT, InvestigationsService } from './investigations.service.js';

/** The psychosocial investigations the court asks of social services, and the report's deadline. */
@Module({ controllers: [InvestigationsController], providers: [InvestigationsService], exports: [InvestigationsService] })
export class InvestigationsModule implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly investigations: InvestigationsService,
  ) {}

  onModuleInit(): void {
    this.deadlines.handle(INVESTIGATION_REPORT, { breach: (manager, deadline) => this.investigations.escalate(manager, deadline) });
  }
}
