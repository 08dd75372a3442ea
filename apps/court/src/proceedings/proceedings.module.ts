import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { ProceedingsController } from './proceedings.controller.js';
import { ProceedingsInbox } from './proceedings.inbox.js';
import { ProceedingsService } from './proceedings.service.js';

@Module({ imports: [OrdersModule], controllers: [ProceedingsController], providers: [ProceedingsService, ProceedingsInbox] })
export class ProceedingsModule {}
