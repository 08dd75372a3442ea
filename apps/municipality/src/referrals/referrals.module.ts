import { Module, type OnModuleInit } from '@nestjs/common';
import { CourtOrderIssuedV1, CourtReferralUpdatedV1, DrugEventRecordedV1, HealthReferralUpdatedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { DeadlineService } from '@casenet/deadlines';
import { CasesModule } from '../cases/cases.module.js';
import { MandatesController } from '../mandates/mandates.controller.js';
import { MandatesService } from '../mandates/mandates.service.js';
import { SignalsModule } from '../signals/signals.module.js';
import { SignalsService } from '../signals/signals.service.js';
import { MANDATE_ACKNOWLEDGEMENT, REFERRAL_DEADLINE } from './referral-web.store.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';

/** The referral web around a case: health and court loops, court mandates, police signals, their deadlines. */
@Module({
  imports: [CasesModule, SignalsModule],
  controllers: [ReferralsController, MandatesController],
  providers: [ReferralsService, MandatesService],
})
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly deadlines: DeadlineService,
    private readonly referrals: ReferralsService,
    private readonly mandates: MandatesService,
    private readonly signals: SignalsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(HealthReferralUpdatedV1, (event, manager) => this.referrals.receiveUpdate('health', event, manager));
    this.registry.register(CourtReferralUpdatedV1, (event, manager) => this.referrals.receiveUpdate('court', event, manager));
    this.registry.register(CourtOrderIssuedV1, (event, manager) => this.mandates.receiveOrder(event, manager));
    this.registry.register(DrugEventRecordedV1, (event, manager) => this.signals.receive(event, manager));
    for (const { kind } of Object.values(REFERRAL_DEADLINE)) {
      this.deadlines.handle(kind, { breach: (manager, deadline, now) => this.referrals.escalate(manager, deadline, now) });
    }
    this.deadlines.handle(MANDATE_ACKNOWLEDGEMENT, { breach: (manager, deadline) => this.mandates.escalate(manager, deadline) });
  }
}
