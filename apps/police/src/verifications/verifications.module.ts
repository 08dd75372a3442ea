import { Module, type OnModuleInit } from '@nestjs/common';
import { ReferralOverdueV1, VerificationRequestedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { VerificationsController } from './verifications.controller.js';
import { VerificationsService } from './verifications.service.js';

@Module({ controllers: [VerificationsController], providers: [VerificationsService] })
export class VerificationsModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly verifications: VerificationsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(VerificationRequestedV1, (event, manager) => this.verifications.receiveRequest(event, manager));
    this.registry.register(ReferralOverdueV1, (event, manager) => this.verifications.markOverdue(event, manager));
  }
}
