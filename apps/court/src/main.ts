import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { courtService } from './court.service.js';

await runService(courtService);
