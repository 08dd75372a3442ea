import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';

/**
 * Boots, migrates its own database, consumes its inbox and reports health. No event type is
 * addressed to it yet, so anything arriving on its inbox is dead-lettered with the reason.
 */
function healthModule(config: ServiceConfig): DynamicModule {
  return {
    module: class HealthAppModule {},
    imports: [ServiceCoreModule.forService(config, { entities: [], migrations: [] })],
  };
}

export const healthService: ServiceEntry = {
  agency: 'health',
  defaultPort: 3104,
  description: 'ATS Milano: takes health-related referrals in charge. Its flows arrive with the referral-web work.',
  module: healthModule,
};
