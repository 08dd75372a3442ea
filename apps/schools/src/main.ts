import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { schoolsService } from './schools.service.js';

await runService(schoolsService);
