import { Module } from '@nestjs/common';
import { loadProgrammeCatalogue } from './catalogue.loader.js';
import { ProgrammesController } from './programmes.controller.js';
import { PROGRAMME_CATALOGUE, ProgrammesService } from './programmes.service.js';

/** The programme catalogue, read from its data file at boot: a malformed catalogue stops the service. */
@Module({
  controllers: [ProgrammesController],
  providers: [{ provide: PROGRAMME_CATALOGUE, useFactory: () => loadProgrammeCatalogue() }, ProgrammesService],
  exports: [ProgrammesService],
})
export class ProgrammesModule {}
