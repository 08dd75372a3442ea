import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { DomainRuleError, type EventEnvelope, type ReportKind, type ReportStatus, ReportStatusChangedV1, VerificationRequestedV1 } from '@casenet/contracts';
import { OutboxService } from '@casenet/messaging';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager, type FindOptionsOrder, type FindOptionsWhere, IsNull, Not, Raw } from 'typeorm';
import { CaseHistoryEntry } from '../case-web/case-history.entity.js';
import { type CaseCommand, type CaseState, CLOSING, decide } from './case-lifecycle.rules.js';
import { CaseReport, type CaseReportPersonalData } from './case-report.entity.js';
import { type Erased, isErased, SubjectSealer } from '@casenet/privacy';
import { Clock } from '@casenet/service-runtime';
import { type CasePersonalData, MunicipalCase } from './municipal-case.entity.js';
import { type CaseWeb, CaseWebStore } from '../case-web/case-web.store.js';
import { Referral } from '../referrals/referral.entity.js';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service.js';
import { CaseView } from './case.view.js';
import { openReasons } from '../case-web/referral-reasons.js';
import type { Page } from '@casenet/service-runtime';
import type { DrugSignal, DrugSignalPersonalData } from '../signals/drug-signal.entity.js';
import { ProgrammesService } from '../programmes/programmes.service.js';
import { checkProgrammes } from '../programmes/programme-eligibility.rules.js';
import { type CitizenshipCategory, citizenshipOf } from '../programmes/citizenship.js';
import { type CareLevel, careLevelOnTakingInCharge, type WayIn } from './ways-in.js';
import { overdueCaseCondition } from '@casenet/deadlines';
import type { CaseSort } from './case-commands.dto.js';

/** Worklist orders; the caseref breaks ties so that pages never overlap. */
const CASE_ORDER = {
  opened: { openedAt: 'ASC', caseref: 'ASC' },
  '-opened': { openedAt: 'DESC', caseref: 'ASC' },
  updated: { updatedAt: 'ASC', caseref: 'ASC' },
  '-updated': { updatedAt: 'DESC', caseref: 'ASC' },
} as const satisfies Record<CaseSort, FindOptionsOrder<MunicipalCase>>;

export interface OpenedCase {
  row: MunicipalCase;
  personal: CasePersonalData | Erased;
  reports: { report: CaseReport; personal: CaseReportPersonalData | Erased }[];
  history?: CaseHistoryEntry[];
  web?: CaseWeb;
  signals?: { signal: DrugSignal; personal: DrugSignalPersonalData | Erased }[];
  /** Referral reasons, opened; null once erased. */
  reasons?: Map<string, string | null>;
}

type Cause = Pick<EventEnvelope<object>, 'id' | 'correlationid'>;

/** Runs the case lifecycle: every transition saves state, history and outgoing events together. */
@Injectable()
export class CasesService {
  private readonly logger = new Logger(CasesService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly web: CaseWebStore,
    private readonly clock: Clock,
    private readonly pseudonyms: PseudonymsService,
    private readonly programmes: ProgrammesService,
  ) {}

  /** The case with its sealed parts opened (or marked erased). */
  async open(row: MunicipalCase, history?: CaseHistoryEntry[], web?: CaseWeb): Promise<OpenedCase> {
    const personal = await this.sealer.open<CasePersonalData>(row.subjectKey, row.personal);
    const reports = await Promise.all(
      (row.reports ?? []).map(async (r) => ({ report: r, personal: await this.sealer.open<CaseReportPersonalData>(row.subjectKey, r.personal) })),
    );
    const signals =
      web &&
      (await Promise.all(
        web.signals.map(async (signal) => ({ signal, personal: await this.sealer.open<DrugSignalPersonalData>(signal.subjectKey, signal.personal) })),
      ));
    const reasons = web && (await openReasons(this.dataSource.manager, this.sealer, web.referrals));
    return { row, personal, reports, history, web, signals, reasons };
  }

  /** HTTP path: lock the case, apply the command, 404/409 for what cannot be done. */
  async command(caseref: string, command: CaseCommand, actor: string): Promise<CaseView> {
    const saved = await this.dataSource.transaction(async (manager) => {
      const found = await this.lock(manager, { caseref });
      if (!found) throw new NotFoundException(`no case ${caseref}`);
      return this.apply(manager, found, command, actor);
    });
    return this.view(caseref, saved);
  }

  lock(manager: EntityManager, where: FindOptionsWhere<MunicipalCase>): Promise<MunicipalCase | null> {
    return manager.findOne(MunicipalCase, { where, lock: { mode: 'pessimistic_write' } });
  }

  async apply(manager: EntityManager, row: MunicipalCase, command: CaseCommand, actor: string, cause?: Cause): Promise<MunicipalCase> {
    const before = { ...row };
    const from = row.state;
    // Only a closing command asks about the web: the other transitions skip these queries.
    const links = CLOSING.includes(command.kind) ? await this.web.openLinks(manager, row.id) : { open: 0, referred: false };
    const transition = decide({ state: row.state, residentInMilan: row.residentInMilan, openLinks: links.open, referred: links.referred }, command);
    row.state = transition.to;
    row.updatedAt = this.clock.now();
    if (transition.to === 'closed') {
      row.closureReason = transition.closureReason ?? null;
      row.closedAt = this.clock.now();
    }
    if (command.kind === 'take_in_charge') await this.takeInCharge(row, command);
    if (command.kind === 'record_verification') {
      row.verificationOutcome = command.outcome;
      // An undefined id in a TypeORM where clause matches any row: look up only with a real one.
      const referral = row.verificationRequestId
        ? await manager.findOne(Referral, { where: { id: row.verificationRequestId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (referral) await this.web.transition(manager, referral, 'completed', { outcome: command.outcome }, actor);
    }
    if (command.kind === 'forward_to_police') {
      row.verificationRequestId = randomUUID();
      await this.requestVerification(manager, row, row.verificationRequestId);
      await this.web.create(manager, {
        id: row.verificationRequestId,
        caseId: row.id,
        caseref: row.caseref,
        agency: 'police',
        reason: await this.sealer.seal(row.subjectKey, 'residence_and_attendance'),
        requestedBy: actor,
      });
    }
    // The row is locked: write what the transition changed, where save would first re-read it to compare.
    await manager.update(MunicipalCase, { id: row.id }, changesOf(before, row));
    await this.record(manager, row.id, command.kind, actor, { from, to: row.state, ...detailOf(command) });
    await this.notifySchools(manager, row, transition.schoolStatus, cause);
    this.logger.log({ msg: 'case transition', caseref: row.caseref, eventId: cause?.id, from, to: row.state, action: command.kind });
    return row;
  }

  private async reportedCitizenship(row: MunicipalCase): Promise<CitizenshipCategory | undefined> {
    const report = await this.dataSource
      .getRepository(CaseReport)
      .findOne({ where: { caseId: row.id, citizenship: Not(IsNull()) }, order: { receivedAt: 'ASC' } });
    return report?.citizenship ?? undefined;
  }

  /** Every programme named must admit the child (422 naming the rule); the case then records them at care level I (or keeps II). */
  private async takeInCharge(row: MunicipalCase, command: Extract<CaseCommand, { kind: 'take_in_charge' }>): Promise<void> {
    const personal = await this.sealer.open<CasePersonalData>(row.subjectKey, row.personal);
    if (isErased(personal)) throw new DomainRuleError('subject-erased', 'the child’s data has been erased: the case cannot be taken in charge');
    checkProgrammes(this.programmes.catalogue, command.programmes, {
      birthDate: personal.pupil.birthDate,
      today: this.programmes.today(),
      citizenship: citizenshipOf({ recorded: personal.citizenship, stated: command.citizenship, reported: await this.reportedCitizenship(row) }),
      schoolLevel: row.school.level,
      wayIn: row.wayIn ?? 'school_report',
    });
    if (command.citizenship && !personal.citizenship) {
      row.personal = await this.sealer.seal(row.subjectKey, { ...personal, citizenship: command.citizenship } satisfies CasePersonalData);
    }
    row.programme = command.programmes[0] ?? null;
    row.programmes = command.programmes;
    row.educator = command.educator;
    row.careLevel = careLevelOnTakingInCharge(row.careLevel ?? 'unassessed');
  }

  /** Each school that reported on this case learns the new status of its own report, nothing else. */
  async notifySchools(manager: EntityManager, row: MunicipalCase, status: ReportStatus, cause?: Cause, only?: CaseReport): Promise<void> {
    const reports = only ? [only] : await manager.find(CaseReport, { where: { caseId: row.id }, order: { receivedAt: 'ASC' } });
    for (const report of reports) {
      await this.outbox.publish(
        ReportStatusChangedV1,
        {
          to: 'schools',
          caseref: report.reportCaseref,
          subject: row.subjectKey,
          source: { reportId: report.reportId, status, changedAt: this.clock.now().toISOString() },
          cause,
          correlationid: row.correlationId,
        },
        manager,
      );
    }
  }

  record(manager: EntityManager, caseId: string, action: string, actor: string, detail: Record<string, unknown>): Promise<void> {
    return this.web.history(manager, caseId, action, actor, detail);
  }

  /** Supervisors hand a case to another caseworker. */
  async assign(caseref: string, assignee: string, actor: string): Promise<CaseView> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, { caseref });
      if (!row) throw new NotFoundException(`no case ${caseref}`);
      const from = row.assignee;
      row.assignee = assignee;
      row.updatedAt = this.clock.now();
      const saved = await manager.save(row);
      await this.record(manager, row.id, 'reassigned', actor, { from, to: assignee });
      return saved;
    });
    return this.view(caseref);
  }

  /** The court orders' operative parts and the investigations' questions, by id, opened under the child's key (or null once erased). */
  async operativeParts(row: MunicipalCase, web: CaseWeb): Promise<Map<string, string | null>> {
    const parts = new Map<string, string | null>();
    for (const m of web.mandates) {
      const text = m.operativePart ? await this.sealer.open<string>(row.subjectKey, m.operativePart) : null;
      parts.set(m.orderId, typeof text === 'string' ? text : null);
    }
    for (const i of web.investigations) {
      const text = await this.sealer.open<string>(row.subjectKey, i.questions);
      parts.set(i.id, typeof text === 'string' ? text : null);
    }
    return parts;
  }

  /** One case with its whole web, as the coordinator sees it: the GET route and every action on the case answer with this. */
  async view(caseref: string, held?: MunicipalCase): Promise<CaseView> {
    const { row, history } = await this.get(caseref, held);
    const web = await this.webOf(row);
    return CaseView.of(await this.open(row, history, web), await this.operativeParts(row, web), (await this.overdueAmong([row.caseref])).has(row.caseref));
  }

  webOf(row: MunicipalCase): Promise<CaseWeb> {
    return this.web.webOf(row.id, row.subjectKey);
  }

  /**
   * The case with its reports and history. `held`: the row as an action just committed it, not
   * read again. Reports are a query of their own: a join would make TypeORM page with DISTINCT.
   */
  async get(caseref: string, held?: MunicipalCase): Promise<{ row: MunicipalCase; history: CaseHistoryEntry[] }> {
    const row = held ?? (await this.dataSource.getRepository(MunicipalCase).findOneBy({ caseref }));
    if (!row) throw new NotFoundException(`no case ${caseref}`);
    row.reports = await this.dataSource.getRepository(CaseReport).find({ where: { caseId: row.id }, order: { receivedAt: 'ASC' } });
    const history = await this.dataSource.getRepository(CaseHistoryEntry).find({ where: { caseId: row.id }, order: { id: 'ASC' } });
    return { row, history };
  }

  /** A page of cases, oldest first, each with its reports opened; with a kind, only cases with a report of that kind. */
  async list(
    state: CaseState | undefined,
    limit: number,
    offset: number,
    assignee?: string,
    filters: { careLevel?: CareLevel; wayIn?: WayIn; kind?: ReportKind; municipio?: number; overdue?: boolean; sort?: CaseSort } = {},
  ): Promise<Page<CaseView>> {
    const ofReports = [...(filters.kind ? ['kind = :kind'] : []), ...(filters.municipio ? ['municipio = :municipio'] : [])];
    const [rows, total] = await this.dataSource.getRepository(MunicipalCase).findAndCount({
      where: {
        ...(state ? { state } : {}),
        ...(assignee ? { assignee } : {}),
        ...(filters.careLevel ? { careLevel: filters.careLevel } : {}),
        ...(filters.wayIn ? { wayIn: filters.wayIn } : {}),
        ...(ofReports.length || filters.overdue !== undefined
          ? {
              id: Raw(
                (id) =>
                  [
                    ...(ofReports.length ? [`${id} IN (SELECT case_id FROM case_reports WHERE ${ofReports.join(' AND ')})`] : []),
                    ...(filters.overdue === undefined
                      ? []
                      : [`${id} ${filters.overdue ? '' : 'NOT '}IN (SELECT c.id FROM cases c WHERE ${overdueCaseCondition('c.caseref')})`]),
                  ].join(' AND '),
                { kind: filters.kind, municipio: filters.municipio },
              ),
            }
          : {}),
      },
      relations: { reports: true },
      order: CASE_ORDER[filters.sort ?? 'opened'],
      take: limit,
      skip: offset,
    });
    const overdue = await this.overdueAmong(rows.map((row) => row.caseref));
    return { items: await Promise.all(rows.map(async (row) => CaseView.of(await this.open(row), undefined, overdue.has(row.caseref)))), total };
  }

  /** The cases, of those named, with a deadline passed and not settled. */
  private async overdueAmong(caserefs: string[]): Promise<Set<string>> {
    if (caserefs.length === 0) return new Set();
    const rows: { caseref: string }[] = await this.dataSource.query(
      `SELECT c.caseref FROM unnest($1::text[]) AS c(caseref) WHERE ${overdueCaseCondition('c.caseref')}`,
      [caserefs],
    );
    return new Set(rows.map((row) => row.caseref));
  }

  /** Police gets identity, address and school: what it needs to verify, nothing of the case. */
  private async requestVerification(manager: EntityManager, row: MunicipalCase, requestId: string): Promise<void> {
    const personal = await this.sealer.open<CasePersonalData>(row.subjectKey, row.personal);
    if (isErased(personal)) throw new DomainRuleError('subject-erased', 'the child’s data has been erased: nothing can be sent to police');
    await this.outbox.publish(
      VerificationRequestedV1,
      {
        to: 'police',
        caseref: row.caseref,
        subject: await this.pseudonyms.forRecipient(manager, row.subjectKey, 'police'),
        source: { requestId, pupil: personal.pupil, residence: personal.residence, school: row.school },
        correlationid: row.correlationId,
      },
      manager,
    );
  }
}

/** The fields an action changed on the row (each change assigns a new value). */
function changesOf(before: MunicipalCase, after: MunicipalCase): Partial<MunicipalCase> {
  return Object.fromEntries(Object.entries(after).filter(([field, value]) => before[field as keyof MunicipalCase] !== value));
}

function detailOf(command: CaseCommand): Record<string, unknown> {
  const { kind: _kind, ...detail } = command;
  return detail;
}
