import { Module } from '@nestjs/common';
import { ReferralWebStore } from '../referrals/referral-web.store.js';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';

@Module({ imports: [PseudonymsModule], controllers: [CasesController], providers: [CasesService, ReferralWebStore], exports: [CasesService, ReferralWebStore, PseudonymsModule] })
export class CasesModule {}
