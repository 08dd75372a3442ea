import { describeInboxOnlyService } from '@casenet/testing/jest';
import { healthService } from './health.service.js';

describeInboxOnlyService(healthService);
