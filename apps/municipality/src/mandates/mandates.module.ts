import { Module, type OnModuleInit } from '@nestjs/common';
import { DeadlineService } from '@casenet/deadlines';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { MANDATE_ACKNOWLEDGEMENT } from '../case-web/case-web.store.js';
import { CasesModule } from '../cases/cases.module.js';
import { MandatesController } from './mandates.controller.js';
import { MandatesService } from './mandates.service.js';

/** Court orders on a case: level II mandates acknowledged and reported on, and their deadline. */
@Module({ imports: [CasesModule, CaseWebModule], controllers: [MandatesController], providers: [MandatesService] })
export class MandatesModule implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly mandates: MandatesService,
  ) {}

  onModuleInit(): void {
    this.deadlines.handle(MANDATE_ACKNOWLEDGEMENT, { breach: (manager, deadline) => this.mandates.escalate(manager, deadline) });
  }
}
