import { Module, type OnModuleInit } from '@nestjs/common';
import { AbsenceReportedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { CasesModule } from '../cases/cases.module.js';
import { SignalsModule } from '../signals/signals.module.js';
import { ScreeningController } from './screening.controller.js';
import { ScreeningService } from './screening.service.js';

@Module({ imports: [CasesModule, SignalsModule], controllers: [ScreeningController], providers: [ScreeningService] })
export class ScreeningModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly screening: ScreeningService,
  ) {}

  onModuleInit(): void {
    this.registry.register(AbsenceReportedV1, (event, manager) => this.screening.receiveReport(event, manager));
  }
}
