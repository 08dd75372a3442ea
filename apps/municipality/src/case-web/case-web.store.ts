import { Injectable } from '@nestjs/common';
import { ACTIVE_MANDATE_STATES, LOOP_DEADLINES, loopDeadlineDurations, OPEN_REFERRAL_STATES, type ReferralState } from '@casenet/contracts';
import { type Deadline, DeadlineService } from '@casenet/deadlines';
import { DataSource, type EntityManager, In } from 'typeorm';
import { DrugSignal } from '../signals/drug-signal.entity.js';
import { Mandate } from '../mandates/mandate.entity.js';
import { Referral } from '../referrals/referral.entity.js';
import { SocialInvestigation } from '../investigations/investigation.entity.js';
import { nextInvestigationState } from '../investigations/investigation.rules.js';
import type { ReferralAgency } from '../referrals/referral-web.rules.js';

/** The timer each kind of referral runs on (the loop protocol's): acceptance for health and court, completion for police. */
export const REFERRAL_DEADLINE = {
  police: { kind: 'police.verification', deadline: LOOP_DEADLINES['police.verification'].deadline },
  health: { kind: 'health.acceptance', deadline: LOOP_DEADLINES['health.acceptance'].deadline },
  court: { kind: 'court.acceptance', deadline: LOOP_DEADLINES['court.acceptance'].deadline },
} as const satisfies Record<ReferralAgency, { kind: keyof typeof LOOP_DEADLINES; deadline: string }>;
export const MANDATE_ACKNOWLEDGEMENT = 'mandate.acknowledgement' satisfies keyof typeof LOOP_DEADLINES;
/** The report social services owe the court on a psychosocial investigation (due when the court's request says). */
export const INVESTIGATION_REPORT = 'investigation.report' satisfies keyof typeof LOOP_DEADLINES;

export const MUNICIPALITY_DEADLINES = loopDeadlineDurations(
  'police.verification',
  'health.acceptance',
  'court.acceptance',
  MANDATE_ACKNOWLEDGEMENT,
  INVESTIGATION_REPORT,
);

export interface CaseWeb {
  referrals: Referral[];
  mandates: Mandate[];
  investigations: SocialInvestigation[];
  signals: DrugSignal[];
  deadlines: Map<string, Deadline[]>;
}

/**
 * The case web: a case's history, its links (referrals, mandates, police signals) and their
 * deadlines, shared by the case lifecycle and the referral flows, always in the caller's transaction.
 */
@Injectable()
export class CaseWebStore {
  constructor(
    private readonly dataSource: DataSource,
    readonly deadlines: DeadlineService,
  ) {}

  /** Referrals, mandates and investigations that keep the case open. */
  async openLinks(manager: EntityManager, caseId: string): Promise<{ open: number; referred: boolean; active: Referral[] }> {
    const referrals = await manager.find(Referral, { where: { caseId } });
    const mandates = await manager.count(Mandate, { where: { caseId, state: In([...ACTIVE_MANDATE_STATES]) } });
    const investigations = await manager.count(SocialInvestigation, { where: { caseId, state: In([...OPEN_REFERRAL_STATES]) } });
    const active = referrals.filter((r) => OPEN_REFERRAL_STATES.includes(r.state));
    return { open: active.length + mandates + investigations, referred: referrals.some((r) => r.agency !== 'police'), active };
  }

  /** The municipality withdrew a court referral: the investigations its proceeding asked for are moot (the court withdraws its side). */
  async withdrawInvestigations(manager: EntityManager, referralId: string, actor: string): Promise<void> {
    const open = await manager.find(SocialInvestigation, {
      where: { referralId, state: In([...OPEN_REFERRAL_STATES]) },
      lock: { mode: 'pessimistic_write' },
    });
    for (const investigation of open) {
      const from = investigation.state;
      investigation.state = nextInvestigationState(investigation.state, 'withdrawn');
      investigation.updatedAt = this.deadlines.clock.now();
      investigation.closedAt = investigation.updatedAt;
      await manager.save(investigation);
      await this.deadlines.settle(manager, INVESTIGATION_REPORT, investigation.id, 'cancelled');
      await this.history(manager, investigation.caseId, 'investigation_withdrawn', actor, { investigationId: investigation.id, referralId, from });
    }
  }

  async create(
    manager: EntityManager,
    referral: Pick<Referral, 'id' | 'caseId' | 'caseref' | 'agency' | 'reason' | 'requestedBy'>,
  ): Promise<{ referral: Referral; dueAt: Date }> {
    const now = this.deadlines.clock.now();
    const saved = manager.create(Referral, { ...referral, state: 'requested', requestedAt: now, updatedAt: now });
    await manager.insert(Referral, saved);
    const dueAt = await this.deadlines.schedule(manager, { kind: REFERRAL_DEADLINE[referral.agency].kind, ref: referral.id, caseref: referral.caseref });
    await this.history(manager, referral.caseId, 'referral_requested', referral.requestedBy, {
      referralId: referral.id,
      agency: referral.agency,
      dueAt: dueAt.toISOString(),
    });
    return { referral: saved, dueAt };
  }

  /** Moves a referral (already checked by the rules) and stops its timer: any answer ends the wait. */
  async transition(
    manager: EntityManager,
    referral: Referral,
    to: ReferralState,
    codes: { declineReason?: string; outcome?: string; withdrawalReason?: string },
    actor: string,
  ): Promise<Referral> {
    const from = referral.state;
    const now = this.deadlines.clock.now();
    referral.state = to;
    referral.declineReason = codes.declineReason ?? referral.declineReason;
    referral.outcome = codes.outcome ?? referral.outcome;
    referral.withdrawalReason = codes.withdrawalReason ?? referral.withdrawalReason;
    referral.updatedAt = now;
    if (!OPEN_REFERRAL_STATES.includes(to)) referral.closedAt = now;
    const saved = await manager.save(referral);
    // Any answer ends the wait (met); a withdrawal makes it moot (cancelled).
    await this.deadlines.settle(manager, REFERRAL_DEADLINE[referral.agency].kind, referral.id, to === 'withdrawn' ? 'cancelled' : 'met');
    await this.history(manager, referral.caseId, `referral_${to}`, actor, { referralId: referral.id, agency: referral.agency, from, to, ...codes });
    return saved;
  }

  async history(manager: EntityManager, caseId: string, action: string, actor: string, detail: Record<string, unknown>): Promise<void> {
    // Written on every step of every case: plain SQL spares TypeORM's query building.
    await manager.query('INSERT INTO case_history (case_id, action, actor, detail, at) VALUES ($1, $2, $3, $4, $5)', [
      caseId,
      action,
      actor,
      JSON.stringify(detail),
      this.deadlines.clock.now(),
    ]);
  }

  /** Everything the coordinator sees around a case: every agency involved and where each stands. */
  async webOf(caseId: string, subjectKey: string): Promise<CaseWeb> {
    const referrals = await this.dataSource.getRepository(Referral).find({ where: { caseId }, order: { requestedAt: 'ASC' } });
    const mandates = await this.dataSource.getRepository(Mandate).find({ where: { caseId }, order: { receivedAt: 'ASC' } });
    const investigations = await this.dataSource.getRepository(SocialInvestigation).find({ where: { caseId }, order: { receivedAt: 'ASC' } });
    const signals = await this.dataSource.getRepository(DrugSignal).find({ where: { subjectKey }, order: { receivedAt: 'ASC' } });
    const deadlines = await this.deadlines.forRefs([...referrals.map((r) => r.id), ...mandates.map((m) => m.orderId), ...investigations.map((i) => i.id)]);
    return { referrals, mandates, investigations, signals, deadlines };
  }
}
