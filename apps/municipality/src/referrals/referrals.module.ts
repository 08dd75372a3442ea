import { Module, type OnModuleInit } from '@nestjs/common';
import { DeadlineService } from '@casenet/service-runtime';
import { CasesModule } from '../cases/cases.module.js';
import { MandatesController } from '../mandates/mandates.controller.js';
import { MandatesService } from '../mandates/mandates.service.js';
import { SignalsModule } from '../signals/signals.module.js';
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
    private readonly deadlines: DeadlineService,
    private readonly referrals: ReferralsService,
    private readonly mandates: MandatesService,
  ) {}

  onModuleInit(): void {
    for (const { kind } of Object.values(REFERRAL_DEADLINE)) {
      this.deadlines.handle(kind, { breach: (manager, deadline, now) => this.referrals.escalate(manager, deadline, now) });
    }
    this.deadlines.handle(MANDATE_ACKNOWLEDGEMENT, { breach: (manager, deadline) => this.mandates.escalate(manager, deadline) });
  }
}
