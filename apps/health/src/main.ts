import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { healthApp } from './health.app.js';

await runService(healthApp);
