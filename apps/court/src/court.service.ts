import type { DynamicModule } from '@nestjs/common';
import { type ServiceConfig, ServiceCoreModule, type ServiceEntry } from '@casenet/service-runtime';

/**
 * Boots, migrates its own database, consumes its inbox and reports health. No event type is
 * addressed to it yet, so anything arriving on its inbox is dead-lettered with the reason.
 */
function courtModule(config: ServiceConfig): DynamicModule {
  return {
    module: class CourtAppModule {},
    imports: [ServiceCoreModule.forService(config, { entities: [], migrations: [] })],
  };
}

export const courtService: ServiceEntry = {
  agency: 'court',
  defaultPort: 3105,
  description: 'Tribunale per i minorenni and its Procura: referrals and orders. Its flows arrive with the referral-web work.',
  module: courtModule,
};
