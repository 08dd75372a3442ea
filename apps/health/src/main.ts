import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { healthService } from './health.service.js';

await runService(healthService);
