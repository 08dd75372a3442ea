import { Module, type OnModuleInit } from '@nestjs/common';
import { VerificationCompletedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { CasesModule } from '../cases/cases.module.js';
import { VerificationService } from './verification.service.js';

@Module({ imports: [CasesModule], providers: [VerificationService] })
export class VerificationModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly verification: VerificationService,
  ) {}

  onModuleInit(): void {
    this.registry.register(VerificationCompletedV1, (event, manager) => this.verification.receiveOutcome(event, manager));
  }
}
