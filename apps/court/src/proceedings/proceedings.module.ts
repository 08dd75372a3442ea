import { Module, type OnModuleInit } from '@nestjs/common';
import { CourtReferralRequestedV1, ReferralOverdueV1, ReferralWithdrawnV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { OrdersModule } from '../orders/orders.module.js';
import { ProceedingsController } from './proceedings.controller.js';
import { ProceedingsInbox } from './proceedings.inbox.js';
import { ProceedingsService } from './proceedings.service.js';

@Module({ imports: [OrdersModule], controllers: [ProceedingsController], providers: [ProceedingsService, ProceedingsInbox] })
export class ProceedingsModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly inbox: ProceedingsInbox,
  ) {}

  onModuleInit(): void {
    this.registry.register(CourtReferralRequestedV1, (event, manager) => this.inbox.receiveReferral(event, manager));
    this.registry.register(ReferralWithdrawnV1, (event, manager) => this.inbox.withdraw(event, manager));
    this.registry.register(ReferralOverdueV1, (event, manager) => this.inbox.markOverdue(event, manager));
  }
}
