import { Module, type OnModuleInit } from '@nestjs/common';
import { ReportStatusChangedV1 } from '@casenet/contracts';
import { InboxHandlerRegistry } from '@casenet/messaging';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({ controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule implements OnModuleInit {
  constructor(
    private readonly registry: InboxHandlerRegistry,
    private readonly reports: ReportsService,
  ) {}

  onModuleInit(): void {
    this.registry.register(ReportStatusChangedV1, (event, manager) => this.reports.applyStatus(event, manager));
  }
}
