import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { policeApp } from './police.app.js';

await runService(policeApp);
