import { Injectable } from '@nestjs/common';
import { AbsenceReportedV1, type EventEnvelope } from '@casenet/contracts';
import { HandlesEvent } from '@casenet/messaging';
import type { EntityManager } from 'typeorm';
import type { CaseView } from '../cases/case.view.js';
import { CasesService } from '../cases/cases.service.js';
import type { Page } from '@casenet/service-runtime';
import { ReportIntakeService } from '../report-intake/report-intake.service.js';

/** Intake of school reports into the dropout unit's screening queue. */
@Injectable()
export class ScreeningService {
  constructor(
    private readonly cases: CasesService,
    private readonly intake: ReportIntakeService,
  ) {}

  /** Open a case for screening, or link the report to the child's open case. */
  @HandlesEvent(AbsenceReportedV1)
  onAbsenceReported(event: EventEnvelope<AbsenceReportedV1>, manager: EntityManager): Promise<void> {
    const { absence, notes, concerns, ...report } = event.data;
    return this.intake.receive(manager, event, { ...report, kind: 'absence', personal: { absence, notes, concerns: concerns ?? [] } });
  }

  queue(limit: number, offset: number): Promise<Page<CaseView>> {
    return this.cases.list('screening', limit, offset);
  }
}
