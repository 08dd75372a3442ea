import { type DynamicModule, Module } from '@nestjs/common';
import { ProgrammesModule } from '../programmes/programmes.module.js';
import { OsservatorioController } from './osservatorio.controller.js';
import { OsservatorioService } from './osservatorio.service.js';
import { OSSERVATORIO_SETTINGS, type OsservatorioSettings } from './osservatorio.settings.js';

/** The Osservatorio: anonymised aggregate tables of the municipality's read model, for analysts. */
@Module({})
export class OsservatorioModule {
  static forService(settings: OsservatorioSettings): DynamicModule {
    return {
      module: OsservatorioModule,
      imports: [ProgrammesModule],
      controllers: [OsservatorioController],
      providers: [{ provide: OSSERVATORIO_SETTINGS, useValue: settings }, OsservatorioService],
    };
  }
}
