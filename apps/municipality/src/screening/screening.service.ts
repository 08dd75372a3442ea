import { Injectable, Logger } from '@nestjs/common';
import { AbsenceReportedV1, type EventEnvelope } from '@casenet/contracts';
import { HandlesEvent, RejectedEventError } from '@casenet/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, Not } from 'typeorm';
import { CaseReport, type CaseReportPersonalData } from '../cases/case-report.entity.js';
import type { CaseView } from '../cases/case.view.js';
import { CasesService } from '../cases/cases.service.js';
import { type CasePersonalData, MunicipalCase } from '../cases/municipal-case.entity.js';
import { SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { decideLink } from './case-linking.rules.js';
import { assessReport } from './screening.rules.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import { SignalsService } from '../signals/signals.service.js';
import { openingCareLevel } from '../cases/ways-in.js';

/** Intake of school reports into the dropout unit's screening queue. */
@Injectable()
export class ScreeningService {
  private readonly logger = new Logger(ScreeningService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly sealer: SubjectSealer,
    private readonly signals: SignalsService,
    private readonly clock: Clock,
    private readonly pseudonyms: PseudonymsService,
  ) {}

  /** Open a case, or link the report to the child's open case. */
  @HandlesEvent(AbsenceReportedV1)
  async onAbsenceReported(event: EventEnvelope<AbsenceReportedV1>, manager: EntityManager): Promise<void> {
    const report = event.data;
    if (await manager.exists(CaseReport, { where: { reportId: report.reportId } })) {
      throw new RejectedEventError(`report ${report.reportId} was already received under another event id`);
    }
    // Reports meet on a keyed hash of the tax code, never on the tax code itself; the child's
    // pseudonym in each other agency's space is recorded at the same time (ADR 0019).
    const key = await this.pseudonyms.remember(manager, report.pupil.taxCode);
    // Reports about one child can arrive on different partitions at once: decide linking one at a time per child.
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
    const open = await manager.find(MunicipalCase, {
      where: { subjectKey: key, state: Not('closed') },
      lock: { mode: 'pessimistic_write' },
    });
    const decision = decideLink(open);
    const now = this.clock.now();
    const target =
      decision.kind === 'link_to_case'
        ? (open.find((c) => c.id === decision.case.id) as MunicipalCase)
        : await manager.save(
            manager.create(MunicipalCase, {
              id: randomUUID(),
              caseref: event.caseref,
              subjectKey: key,
              state: 'screening',
              personal: await this.sealer.seal(key, { pupil: report.pupil, residence: report.residence } satisfies CasePersonalData),
              residentInMilan: assessReport(report).residentInMilan,
              school: report.school,
              category: report.category,
              correlationId: event.correlationid,
              verificationRequestId: null,
              verificationOutcome: null,
              programme: null,
              programmes: null,
              wayIn: 'school_report',
              educator: null,
              closureReason: null,
              closedAt: null,
              assignee: null,
              careLevel: openingCareLevel('school_report'),
              openedAt: now,
              updatedAt: now,
            }),
          );
    const caseReport = await manager.save(
      manager.create(CaseReport, {
        reportId: report.reportId,
        reportCaseref: event.caseref,
        caseId: target.id,
        linked: decision.kind === 'link_to_case',
        school: report.school,
        category: report.category,
        personal: await this.sealer.seal(key, {
          absence: report.absence,
          notes: report.notes,
          concerns: report.concerns ?? [],
        } satisfies CaseReportPersonalData),
        reportedAt: new Date(report.reportedAt),
        receivedAt: now,
      }),
    );
    const linked = decision.kind === 'link_to_case';
    await this.cases.record(manager, target.id, linked ? 'report_linked' : 'report_received', event.source, {
      reportId: report.reportId,
      school: report.school.code,
    });
    if (!linked) await this.signals.linkEarlier(manager, target, 'signal-linking');
    await this.cases.notifySchools(manager, target, linked ? 'linked_to_open_case' : 'received', event, caseReport);
    this.logger.log({
      msg: linked ? 'report linked to open case' : 'case opened for screening',
      caseref: target.caseref,
      eventId: event.id,
      reportCaseref: event.caseref,
    });
  }

  queue(limit: number, offset: number): Promise<Page<CaseView>> {
    return this.cases.list('screening', limit, offset);
  }
}
