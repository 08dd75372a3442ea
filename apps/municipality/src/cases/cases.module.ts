import { Module } from '@nestjs/common';
import { ReferralWebStore } from '../referrals/referral-web.store.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({ controllers: [CasesController], providers: [CasesService, ReferralWebStore], exports: [CasesService, ReferralWebStore] })
export class CasesModule {}
