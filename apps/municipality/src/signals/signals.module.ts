import { Module, type OnModuleInit } from '@nestjs/common';
import { DrugEventRecordedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { SignalsController } from './signals.controller.js';
import { SignalsService } from './signals.service.js';

/** Police drug signals: received, linked to the child's cases, and listed for the dropout unit. */
@Module({ imports: [CaseWebModule], controllers: [SignalsController], providers: [SignalsService], exports: [SignalsService] })
export class SignalsModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly signals: SignalsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(DrugEventRecordedV1, (event, manager) => this.signals.receive(event, manager));
  }
}
