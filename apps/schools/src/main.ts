import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { schoolsApp } from './schools.app.js';

await runService(schoolsApp);
