import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { SignalsModule } from '../signals/signals.module.js';
import { IntakesController } from './intakes.controller.js';
import { IntakesService } from './intakes.service.js';

@Module({ imports: [CasesModule, SignalsModule], controllers: [IntakesController], providers: [IntakesService] })
export class IntakesModule {}
