import { Module } from '@nestjs/common';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';

@Module({ imports: [CaseWebModule, ProgrammesModule], controllers: [CasesController], providers: [CasesService], exports: [CasesService] })
export class CasesModule {}
