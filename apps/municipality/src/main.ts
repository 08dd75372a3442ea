import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { municipalityApp } from './municipality.app.js';

await runService(municipalityApp);
