import { describe, expect, it } from '@jest/globals';
import { DomainRuleError } from '@casenet/contracts';
import { type CaseCommand, type CaseState, decide } from './case-lifecycle.rules.js';

const resident = (state: CaseState) => ({ state, residentInMilan: true });
const nonResident = (state: CaseState) => ({ state, residentInMilan: false });

describe('case lifecycle', () => {
  it.each([
    ['immediate_return', 'closed_immediate_return'],
    ['clerical_error', 'closed_clerical_error'],
  ] as const)('closes at screening for %s and tells the school %s', (reason, status) => {
    expect(decide(resident('screening'), { kind: 'close_at_screening', reason })).toEqual({ to: 'closed', schoolStatus: status, closureReason: reason });
  });

  it('closes a non-resident pupil for the competent municipality', () => {
    expect(decide(nonResident('screening'), { kind: 'close_at_screening', reason: 'non_resident' }).schoolStatus).toBe('closed_non_resident');
  });

  it('will not call a Milan resident non-resident', () => {
    expect(() => decide(resident('screening'), { kind: 'close_at_screening', reason: 'non_resident' })).toThrow(DomainRuleError);
  });

  it('forwards residents to police and refuses non-residents', () => {
    expect(decide(resident('screening'), { kind: 'forward_to_police' })).toEqual({ to: 'verification_requested', schoolStatus: 'verification_requested' });
    expect(() => decide(nonResident('screening'), { kind: 'forward_to_police' })).toThrow(/does not live in Milan/);
  });

  it('walks verification → in charge → back in class', () => {
    expect(decide(resident('verification_requested'), { kind: 'record_verification', outcome: 'confirmed_absent' }).to).toBe('verified');
    expect(decide(resident('verified'), { kind: 'take_in_charge', programmes: ['tutoring_educativo'], educator: 'E. Neri' }).to).toBe('taken_in_charge');
    expect(decide(resident('taken_in_charge'), { kind: 'record_return_to_class' })).toEqual({
      to: 'closed',
      schoolStatus: 'returned_to_class',
      closureReason: 'returned_to_class',
    });
  });

  const everyCommand: CaseCommand[] = [
    { kind: 'close_at_screening', reason: 'clerical_error' },
    { kind: 'forward_to_police' },
    { kind: 'record_verification', outcome: 'moved_away' },
    { kind: 'take_in_charge', programmes: ['tutoring_educativo'], educator: 'E. Neri' },
    { kind: 'record_return_to_class' },
    { kind: 'close', reason: 'resolved' },
  ];

  it('accepts nothing on a closed case', () => {
    for (const command of everyCommand) expect(() => decide(resident('closed'), command)).toThrow(DomainRuleError);
  });

  it('allows each command from exactly its states', () => {
    const allowed = (state: CaseState) =>
      everyCommand
        .filter((command) => {
          try {
            decide(resident(state), command);
            return true;
          } catch {
            return false;
          }
        })
        .map((c) => c.kind);
    expect(allowed('screening')).toEqual(['close_at_screening', 'forward_to_police']);
    expect(allowed('verification_requested')).toEqual(['record_verification']);
    expect(allowed('verified')).toEqual(['take_in_charge', 'close']);
    expect(allowed('taken_in_charge')).toEqual(['record_return_to_class', 'close']);
    // Local services and a family's access skip screening and police verification.
    expect(allowed('intake')).toEqual(['take_in_charge', 'close']);
  });

  it('closes a referred case from screening, and no case over open referrals or mandates', () => {
    expect(decide({ ...resident('screening'), referred: true }, { kind: 'close', reason: 'resolved' }).to).toBe('closed');
    for (const command of everyCommand.filter((c) => c.kind === 'close' || c.kind === 'record_return_to_class' || c.kind === 'close_at_screening')) {
      const state = command.kind === 'close_at_screening' ? 'screening' : 'taken_in_charge';
      expect(() => decide({ ...resident(state), openLinks: 2, referred: true }, command)).toThrow(/2 open referral/);
    }
  });
});
