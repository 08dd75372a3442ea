import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { municipalityService } from './municipality.service.js';

await runService(municipalityService);
