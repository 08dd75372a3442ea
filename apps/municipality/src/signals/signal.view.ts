import { ApiProperty } from '@nestjs/swagger';
import { DRUG_EVENT_KINDS, PupilIdentity } from '@casenet/contracts';
import { type Erased, isErased } from '@casenet/privacy';
import { CASE_STATES } from '../cases/case-lifecycle.rules.js';
import type { DrugSignal, DrugSignalPersonalData } from './drug-signal.entity.js';

export class SignalCaseView {
  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908' }) caseref!: string;
  @ApiProperty({ enum: CASE_STATES }) state!: string;
}

/**
 * A police drug signal as the dropout unit sees it: who, what kind, where, and the cases of the
 * same child it meets (none yet: the signal waits in the worklist until a case opens or someone acts).
 */
export class SignalView {
  @ApiProperty({ format: 'uuid' }) incidentId!: string;
  @ApiProperty({ example: 'CR-4F0C2A9E1B7D4C3A8E6F5D4C3B2A1908', description: 'Police’s reference for the incident' }) caseref!: string;
  @ApiProperty({ enum: DRUG_EVENT_KINDS }) kind!: string;
  @ApiProperty({ nullable: true, type: Number, example: 2 }) municipio!: number | null;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({ description: 'True once the child’s data has been erased (crypto-shredded)' }) erased!: boolean;
  @ApiProperty({ nullable: true, type: () => PupilIdentity }) pupil!: PupilIdentity | null;
  @ApiProperty({ description: 'The child has an open case: the signal shows on it' }) matched!: boolean;
  @ApiProperty({ type: [SignalCaseView], description: 'Every case of the same child, oldest first' }) cases!: SignalCaseView[];

  static of(signal: DrugSignal, personal: DrugSignalPersonalData | Erased, cases: SignalCaseView[]): SignalView {
    const erased = isErased(personal);
    return {
      incidentId: signal.incidentId,
      caseref: signal.caseref,
      kind: signal.kind,
      municipio: signal.municipio,
      occurredAt: signal.occurredAt.toISOString(),
      receivedAt: signal.receivedAt.toISOString(),
      erased,
      pupil: erased ? null : personal.pupil,
      matched: cases.some((c) => c.state !== 'closed'),
      cases,
    };
  }
}

export class SignalPage {
  @ApiProperty({ type: [SignalView] }) items!: SignalView[];
  @ApiProperty({ example: 1 }) total!: number;
}
