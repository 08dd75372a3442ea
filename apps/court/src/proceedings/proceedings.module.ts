import { Module } from '@nestjs/common';
import { InvestigationsModule } from '../investigations/investigations.module.js';
import { OrdersModule } from '../orders/orders.module.js';
import { ProceedingsController } from './proceedings.controller.js';
import { ProceedingsService } from './proceedings.service.js';

/** The court's desk: petitions registered, heard, investigated and decided by order. */
@Module({
  imports: [OrdersModule, InvestigationsModule],
  controllers: [ProceedingsController],
  providers: [ProceedingsService],
  exports: [ProceedingsService],
})
export class ProceedingsModule {}
