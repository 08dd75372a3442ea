import { Module } from '@nestjs/common';
import { DrugEventsController } from './drug-events.controller.js';
import { DrugEventsService } from './drug-events.service.js';

@Module({ controllers: [DrugEventsController], providers: [DrugEventsService] })
export class DrugEventsModule {}
