import { Module } from '@nestjs/common';
import { CaseWebModule } from '../case-web/case-web.module.js';
import { PseudonymsModule } from '../pseudonyms/pseudonyms.module.js';
import { CasesController } from './cases.controller.js';
import { CasesService } from './cases.service.js';
import { ProgrammesModule } from '../programmes/programmes.module.js';

@Module({
  imports: [CaseWebModule, PseudonymsModule, ProgrammesModule],
  controllers: [CasesController],
  providers: [CasesService],
  exports: [CasesService, PseudonymsModule],
})
export class CasesModule {}
