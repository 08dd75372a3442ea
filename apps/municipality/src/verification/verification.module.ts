import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { VerificationService } from './verification.service.js';

@Module({ imports: [CasesModule], providers: [VerificationService] })
export class VerificationModule {}
