import 'reflect-metadata';
import { runService } from '@casenet/service-runtime';
import { courtApp } from './court.app.js';

await runService(courtApp);
