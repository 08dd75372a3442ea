import { Injectable, Logger, NotFoundException } from '@nestjs/common';
import { CourtReferralUpdatedV1, type EventEnvelope } from '@casenet/contracts';
import { OutboxService } from '@casenet/messaging';
import { SubjectSealer } from '@casenet/privacy';
import { Clock, type Page } from '@casenet/service-runtime';
import { DataSource, type EntityManager } from 'typeorm';
import { recordHistory } from '../proceedings/proceeding-history.entity.js';
import { Proceeding, type ProceedingPersonalData } from '../proceedings/proceeding.entity.js';
import type { ProsecutorFileListQuery } from './prosecution-commands.dto.js';
import { decideProsecution, type ProsecutorCommand } from './prosecution.rules.js';
import { ProsecutorFile } from './prosecutor-file.entity.js';
import { ProsecutorHistoryEntry, recordProsecutorHistory } from './prosecutor-history.entity.js';
import { type OpenedProsecutorFile, ProsecutorFileSummaryView, ProsecutorFileView } from './prosecutor-file.view.js';

type Cause = Pick<EventEnvelope<object>, 'id' | 'correlationid'>;

const ACTIONS: Record<ProsecutorCommand['kind'], string> = {
  accept: 'accepted_for_examination',
  decline: 'declined',
  archive: 'archived',
  petition: 'petitioned',
  withdraw: 'withdrawn',
  court_decided: 'court_decided',
};

/** Who the court's registry sees as the sender of a petition. */
const PROSECUTOR = 'prosecutor';

/** The prosecutor's desk: each step saves the file, its history and the municipality's update together. */
@Injectable()
export class ProsecutionService {
  private readonly logger = new Logger(ProsecutionService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly sealer: SubjectSealer,
    private readonly clock: Clock,
  ) {}

  async command(id: string, command: ProsecutorCommand, actor: string): Promise<ProsecutorFileView> {
    await this.dataSource.transaction(async (manager) => {
      const row = await this.lock(manager, id);
      if (!row) throw new NotFoundException(`no prosecutor's file ${id}`);
      await this.apply(manager, row, command, actor);
    });
    return this.view(id);
  }

  lock(manager: EntityManager, id: string): Promise<ProsecutorFile | null> {
    return manager.findOne(ProsecutorFile, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async apply(manager: EntityManager, row: ProsecutorFile, command: ProsecutorCommand, actor: string, cause?: Cause): Promise<ProsecutorFile> {
    const now = this.clock.now();
    const from = row.state;
    const transition = decideProsecution(row.state, command);
    const detail: Record<string, unknown> = { from, to: transition.to };
    switch (command.kind) {
      case 'accept':
        // A late acceptance still meets the deadline; the history keeps the breach.
        row.overdueSince = null;
        break;
      case 'decline':
        row.declineReason = command.reason;
        row.overdueSince = null;
        detail.reason = command.reason;
        break;
      case 'archive':
        row.archiveReason = command.reason;
        detail.reason = command.reason;
        if (command.note !== undefined) row.prosecutorNote = await this.sealer.seal(row.subjectKey, command.note);
        break;
      case 'petition':
        row.petitionedAt = now;
        if (command.note !== undefined) row.prosecutorNote = await this.sealer.seal(row.subjectKey, command.note);
        await this.openProceeding(manager, row, now);
        break;
      case 'withdraw':
        detail.reason = command.reason;
        break;
      case 'court_decided':
        detail.order = command.order;
        break;
    }
    row.state = transition.to;
    if (transition.outcome) row.outcome = transition.outcome;
    row.updatedAt = now;
    if (transition.closes) row.closedAt = now;
    const saved = await manager.save(row);
    await recordProsecutorHistory(manager, row.id, ACTIONS[command.kind], actor, detail, now);
    if (transition.update) {
      await this.outbox.publish(
        CourtReferralUpdatedV1,
        {
          to: 'municipality',
          caseref: row.caseref,
          subject: row.subjectKey,
          source: {
            referralId: row.id,
            status: transition.update,
            reason: row.declineReason ?? undefined,
            outcome: transition.outcome,
            changedAt: now.toISOString(),
          },
          cause,
          correlationid: row.correlationId,
        },
        manager,
      );
    }
    this.logger.log({ msg: 'prosecutor transition', caseref: row.caseref, eventId: cause?.id, from, to: row.state, action: command.kind });
    return saved;
  }

  /**
   * The petition puts the referral before the court: the court's registry gets its own file on
   * it (same id, the referral's facts as the municipality sent them), never the prosecutor's note.
   */
  private async openProceeding(manager: EntityManager, file: ProsecutorFile, now: Date): Promise<void> {
    await manager.insert(Proceeding, {
      id: file.id,
      caseref: file.caseref,
      subjectKey: file.subjectKey,
      personal: file.personal,
      state: 'requested',
      respondBy: file.respondBy,
      correlationId: file.correlationId,
      receivedAt: now,
      updatedAt: now,
      petitionedAt: now,
    });
    await recordHistory(manager, file.id, 'petition_received', PROSECUTOR, {}, now);
  }

  async open(row: ProsecutorFile): Promise<OpenedProsecutorFile> {
    const personal = await this.sealer.open<ProceedingPersonalData>(row.subjectKey, row.personal);
    const note = row.prosecutorNote === null ? null : await this.sealer.open<string>(row.subjectKey, row.prosecutorNote);
    return { row, personal, note };
  }

  async view(id: string): Promise<ProsecutorFileView> {
    const row = await this.dataSource.getRepository(ProsecutorFile).findOneBy({ id });
    if (!row) throw new NotFoundException(`no prosecutor's file ${id}`);
    const history = await this.dataSource.getRepository(ProsecutorHistoryEntry).find({ where: { fileId: id }, order: { id: 'ASC' } });
    return ProsecutorFileView.full(await this.open(row), history);
  }

  /** The prosecutor's worklist, most urgent answer first. */
  async list(query: ProsecutorFileListQuery): Promise<Page<ProsecutorFileSummaryView>> {
    const builder = this.dataSource.getRepository(ProsecutorFile).createQueryBuilder('f');
    if (query.state) builder.andWhere('f.state = :state', { state: query.state });
    if (query.overdue !== undefined) {
      const overdue = `(f.overdueSince IS NOT NULL AND f.state = 'requested')`;
      builder.andWhere(query.overdue ? overdue : `NOT ${overdue}`);
    }
    const [rows, total] = await builder.orderBy('f.respondBy', 'ASC').addOrderBy('f.id', 'ASC').limit(query.limit).offset(query.offset).getManyAndCount();
    return { items: await Promise.all(rows.map(async (row) => ProsecutorFileSummaryView.of(await this.open(row)))), total };
  }
}
