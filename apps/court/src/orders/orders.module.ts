import { Module, type OnModuleInit } from '@nestjs/common';
import { MandateUpdatedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { DeadlineService } from '@casenet/deadlines';
import { OrdersController } from './orders.controller.js';
import { ACKNOWLEDGEMENT, OrdersService } from './orders.service.js';

@Module({ controllers: [OrdersController], providers: [OrdersService], exports: [OrdersService] })
export class OrdersModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly deadlines: DeadlineService,
    private readonly orders: OrdersService,
  ) {}

  onModuleInit(): void {
    this.registry.register(MandateUpdatedV1, (event, manager) => this.orders.receiveMandateUpdate(event, manager));
    // The court chases its own mandates: a breach goes on the judge's file, not to another agency.
    this.deadlines.handle(ACKNOWLEDGEMENT, { breach: (manager, deadline) => this.orders.escalate(manager, deadline) });
  }
}
