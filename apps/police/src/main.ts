import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { policeService } from './police.service.js';

await runService(policeService);
