import { Module, type OnModuleInit } from '@nestjs/common';
import { DeadlineService } from '@casenet/deadlines';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { REFERRAL_DEADLINE } from '../case-web/case-web.store.js';
import { CasesModule } from '../cases/cases.module.js';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsService } from './referrals.service.js';

/** The municipality's referral loops with police, health and court, and their deadlines. */
@Module({
  imports: [CasesModule, CaseWebModule],
  controllers: [ReferralsController],
  providers: [ReferralsService],
})
export class ReferralsModule implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly referrals: ReferralsService,
  ) {}

  onModuleInit(): void {
    for (const { kind } of Object.values(REFERRAL_DEADLINE)) {
      this.deadlines.handle(kind, { breach: (manager, deadline, now) => this.referrals.escalate(manager, deadline, now) });
    }
  }
}
