import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DomainRuleError, newCaseref } from '@casenet/contracts';
import { SubjectSealer } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import { randomUUID } from 'node:crypto';
import { DataSource, Not } from 'typeorm';
import { CasesService } from '../cases/cases.service.js';
import { type CasePersonalData, MunicipalCase } from '../cases/municipal-case.entity.js';
import { openingCareLevel, type WayIn } from '../cases/ways-in.js';
import { isMilanResidence } from '../screening/screening.rules.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import { SignalsService } from '../signals/signals.service.js';
import type { IntakeDto } from './intake.dto.js';
import { IntakeView } from './intake.view.js';

/**
 * Cases that reach the unit without a school report: local services report a child, or a family
 * comes of its own accord. Neither goes through screening or police verification: the reporter
 * knows the child, so the case opens as an `intake` the unit takes in charge or closes.
 */
@Injectable()
export class IntakesService {
  private readonly logger = new Logger(IntakesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cases: CasesService,
    private readonly pseudonyms: PseudonymsService,
    private readonly sealer: SubjectSealer,
    private readonly signals: SignalsService,
    private readonly clock: Clock,
  ) {}

  /** Opens the child's case, identity sealed under the child's key as for school reports; the caseref. */
  async open(wayIn: Exclude<WayIn, 'school_report'>, intake: IntakeDto, actor: string, detail: Record<string, unknown>): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      // The coordinator's key school reports meet on, and every recipient's pseudonym recorded (ADR 0019).
      const key = await this.pseudonyms.remember(manager, intake.pupil.taxCode);
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
      if (await manager.exists(MunicipalCase, { where: { subjectKey: key, state: Not('closed') } })) {
        throw new DomainRuleError('already-exists', 'the child already has an open case at the unit: act on that case');
      }
      const now = this.clock.now();
      const personal: CasePersonalData = {
        pupil: intake.pupil,
        residence: intake.residence,
        citizenship: intake.citizenship,
        ...(intake.notes === undefined ? {} : { notes: intake.notes }),
      };
      const row = await manager.save(
        manager.create(MunicipalCase, {
          id: randomUUID(),
          caseref: newCaseref(),
          subjectKey: key,
          state: 'intake',
          personal: await this.sealer.seal(key, personal),
          residentInMilan: isMilanResidence(intake.residence),
          school: intake.school,
          category: intake.category,
          correlationId: randomUUID(),
          verificationRequestId: null,
          verificationOutcome: null,
          programme: null,
          programmes: null,
          wayIn,
          educator: null,
          closureReason: null,
          closedAt: null,
          assignee: null,
          careLevel: openingCareLevel(wayIn),
          openedAt: now,
          updatedAt: now,
        }),
      );
      await this.cases.record(manager, row.id, `${wayIn}_intake`, actor, { wayIn, careLevel: row.careLevel, ...detail });
      await this.signals.linkEarlier(manager, row, 'signal-linking');
      this.logger.log({ msg: 'case opened at intake', caseref: row.caseref, wayIn });
      return row.caseref;
    });
  }

  async view(caseref: string): Promise<IntakeView> {
    const row = await this.dataSource.getRepository(MunicipalCase).findOne({ where: { caseref, wayIn: Not('school_report') } });
    if (!row) throw new NotFoundException(`no intake ${caseref}`);
    return IntakeView.of(row);
  }
}
