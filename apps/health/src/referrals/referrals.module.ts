import { Module } from '@nestjs/common';
import { ReferralsController } from './referrals.controller.js';
import { ReferralsInbox } from './referrals.inbox.js';
import { ReferralsService } from './referrals.service.js';

@Module({ controllers: [ReferralsController], providers: [ReferralsService, ReferralsInbox] })
export class ReferralsModule {}
