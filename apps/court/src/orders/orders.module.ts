import { Module, type OnModuleInit } from '@nestjs/common';
import { DeadlineService } from '@casenet/deadlines';
import { OrdersController } from './orders.controller.js';
import { ACKNOWLEDGEMENT, OrdersService } from './orders.service.js';

@Module({ controllers: [OrdersController], providers: [OrdersService], exports: [OrdersService] })
export class OrdersModule implements OnModuleInit {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly orders: OrdersService,
  ) {}

  onModuleInit(): void {
    // The court chases its own mandates: a breach goes on the judge's file, not to another agency.
    this.deadlines.handle(ACKNOWLEDGEMENT, { breach: (manager, deadline) => this.orders.escalate(manager, deadline) });
  }
}
