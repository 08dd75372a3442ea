import { Module, type OnModuleInit } from '@nestjs/common';
import { HealthReferralRequestedV1, ReferralOverdueV1, ReferralWithdrawnV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsInbox } from './referrals.inbox.js';
import { ReferralsService } from './referrals.service.js';

@Module({ controllers: [ReferralsController], providers: [ReferralsService, ReferralsInbox] })
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly inbox: ReferralsInbox,
  ) {}

  onModuleInit(): void {
    this.registry.register(HealthReferralRequestedV1, (event, manager) => this.inbox.requested(event, manager));
    this.registry.register(ReferralWithdrawnV1, (event, manager) => this.inbox.withdrawn(event, manager));
    this.registry.register(ReferralOverdueV1, (event, manager) => this.inbox.overdue(event, manager));
  }
}
