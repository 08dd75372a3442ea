import { describeInboxOnlyService } from '@casenet/testing/jest';
import { courtService } from './court.service.js';

describeInboxOnlyService(courtService);
