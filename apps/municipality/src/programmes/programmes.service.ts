import { Inject, Injectable } from '@nestjs/common';
import { Clock, type Page } from '@casenet/service-runtime';
import type { ProgrammeCatalogue } from './catalogue.loader.js';
import { ProgrammeView } from './programme.view.js';

export const PROGRAMME_CATALOGUE = Symbol('PROGRAMME_CATALOGUE');

/** The catalogue loaded at boot, and what it says today. */
@Injectable()
export class ProgrammesService {
  constructor(
    @Inject(PROGRAMME_CATALOGUE) readonly catalogue: ProgrammeCatalogue,
    private readonly clock: Clock,
  ) {}

  today(): string {
    return this.clock.now().toISOString().slice(0, 10);
  }

  list(): Page<ProgrammeView> {
    const items = this.catalogue.programmes.map((p) => ProgrammeView.of(p, this.today()));
    return { items, total: items.length };
  }
}
