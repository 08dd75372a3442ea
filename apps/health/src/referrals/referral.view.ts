import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { HEALTH_CONCERNS, HEALTH_DECLINE_REASONS, HEALTH_OUTCOMES, REFERRAL_STATES } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import type { HealthReferral, ReferralPersonalData } from './health-referral.entity.js';
import type { ReferralHistoryEntry } from './referral-history.entity.js';
import { ASST_MILANO, CARE_SERVICES, type CarePath } from './care-path.js';

export class CarePathView {
  @ApiProperty({ enum: ASST_MILANO, example: 'asst_santi_paolo_e_carlo' })
  asst!: string;

  @ApiProperty({ enum: CARE_SERVICES, example: 'uonpia' })
  service!: string;
}

/** A referral with its sealed columns opened; each is ERASED once the child's key is gone. */
export interface OpenedReferral {
  row: HealthReferral;
  personal: ReferralPersonalData | Erased;
  notes: string | Erased | null;
  clinicalNote: string | Erased | null;
  carePath: CarePath | Erased | null;
  history?: ReferralHistoryEntry[];
}

const clear = (value: string | Erased | null): string | null => (value === null || isErased(value) ? null : value);

/** A line of the ATS worklist: enough to pick up the referral, no clinical detail. */
export class ReferralSummary {
  @ApiProperty({ format: 'uuid', example: '3f1c9a2e-7b4d-4c1a-9e8f-2a6b5c4d3e21' })
  id!: string;

  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' })
  caseref!: string;

  @ApiProperty({ enum: HEALTH_CONCERNS, nullable: true, example: 'substance_use', description: 'Null once the child’s data is erased' })
  concern!: string | null;

  @ApiProperty({ enum: REFERRAL_STATES, example: 'requested' })
  state!: string;

  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded) or expired' })
  erased!: boolean;

  @ApiProperty({ nullable: true, example: { firstName: 'Giulia', lastName: 'Rossi', taxCode: 'RSSGLI12A41F205I', birthDate: '2012-01-01' } })
  pupil!: object | null;

  @ApiProperty({ nullable: true, example: { code: 'MIMM112233', name: 'Secondaria di I grado Cassinis' } })
  school!: object | null;

  @ApiProperty({ format: 'date-time', example: '2026-03-20T00:00:00.000Z', description: 'When the municipality expects an answer' })
  respondBy!: string;

  @ApiProperty({ description: 'The municipality flagged a missed deadline', example: false })
  overdue!: boolean;

  @ApiProperty({ format: 'date-time', nullable: true, example: null })
  overdueSince!: string | null;

  @ApiProperty({ nullable: true, example: 'dr.ferri@ats-milano.it' })
  assignee!: string | null;

  @ApiProperty({ format: 'date-time', example: '2026-03-06T09:12:00.000Z' })
  receivedAt!: string;

  static of({ row, personal }: OpenedReferral): ReferralSummary {
    const erased = isErased(personal);
    return {
      id: row.id,
      caseref: row.caseref,
      concern: erased ? null : (personal.concern ?? null),
      state: row.state,
      erased,
      pupil: erased ? null : personal.pupil,
      school: erased ? null : personal.school,
      respondBy: row.respondBy.toISOString(),
      overdue: row.overdueSince !== null,
      overdueSince: row.overdueSince?.toISOString() ?? null,
      assignee: row.assignee,
      receivedAt: row.receivedAt.toISOString(),
    };
  }
}

export class ReferralHistoryView {
  @ApiProperty({ example: 'accepted' }) action!: string;
  @ApiProperty({ enum: REFERRAL_STATES, example: 'accepted' }) state!: string;
  @ApiProperty({ example: 'dr.ferri@ats-milano.it' }) actor!: string;
  @ApiProperty({ example: {} }) detail!: object;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

/** ATS's own view of a referral: everything it holds, clinical note included. */
export class ReferralView extends ReferralSummary {
  @ApiProperty({ nullable: true, example: { address: 'Via Padova 120', city: 'Milano', postalCode: '20132', municipio: 2 } })
  residence!: object | null;

  @ApiProperty({ nullable: true, example: 'Segnalati episodi ripetuti fuori da scuola; la madre chiede supporto.' })
  notes!: string | null;

  @ApiProperty({ enum: HEALTH_DECLINE_REASONS, nullable: true, example: null })
  declineReason!: string | null;

  @ApiProperty({ enum: HEALTH_OUTCOMES, nullable: true, example: null })
  outcome!: string | null;

  @ApiProperty({ nullable: true, example: null, description: 'Health data: stays at ATS' })
  clinicalNote!: string | null;

  @ApiProperty({
    type: CarePathView,
    nullable: true,
    description: 'Where care is delivered (ASST and service), set when care starts; health data: stays at ATS. Null once the child’s data is erased',
  })
  carePath!: CarePathView | null;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true })
  closedAt!: string | null;

  @ApiPropertyOptional({ type: [ReferralHistoryView] })
  history?: ReferralHistoryView[];

  static override of(opened: OpenedReferral): ReferralView {
    const { row, personal, history } = opened;
    return {
      ...ReferralSummary.of(opened),
      residence: isErased(personal) ? null : personal.residence,
      notes: clear(opened.notes),
      declineReason: row.declineReason,
      outcome: row.outcome,
      clinicalNote: clear(opened.clinicalNote),
      carePath: opened.carePath === null || isErased(opened.carePath) ? null : { asst: opened.carePath.asst, service: opened.carePath.service },
      updatedAt: row.updatedAt.toISOString(),
      closedAt: row.closedAt?.toISOString() ?? null,
      history: history?.map((h) => ({ action: h.action, state: h.state, actor: h.actor, detail: h.detail, at: h.at.toISOString() })),
    };
  }
}

export class ReferralPage {
  @ApiProperty({ type: [ReferralSummary] }) items!: ReferralSummary[];
  @ApiProperty({ example: 1 }) total!: number;
}
