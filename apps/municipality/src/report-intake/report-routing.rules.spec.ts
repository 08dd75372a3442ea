import { describe, expect, it } from '@jest/globals';
import { REPORT_KINDS, SOCIAL_REPORT_KINDS } from '@casenet/contracts';
import { decide } from '../cases/case-lifecycle.rules.js';
import { municipioOf, routeReport } from './report-routing.rules.js';

describe('report routing', () => {
  it('sends absence to screening, where police verification is possible', () => {
    expect(routeReport('absence')).toEqual({ opensIn: 'screening', desk: 'dropout_unit', policeVerification: true });
  });

  it.each(SOCIAL_REPORT_KINDS)('sends %s to social services, never to police', (kind) => {
    const route = routeReport(kind);
    expect(route).toEqual({ opensIn: 'social_assessment', desk: 'social_services', policeVerification: false });
    // The case lifecycle agrees: a case in the state this route opens cannot be forwarded to police.
    expect(() => decide({ state: route.opensIn, residentInMilan: true }, { kind: 'forward_to_police' })).toThrow(/cannot forward to police/);
  });

  it('routes every kind', () => {
    for (const kind of REPORT_KINDS) expect(routeReport(kind)).toBeDefined();
  });

  it('lets social services take a case in charge or close it without screening', () => {
    expect(
      decide({ state: 'social_assessment', residentInMilan: true }, { kind: 'take_in_charge', programmes: ['tutoring_educativo'], educator: 'E' }).to,
    ).toBe('taken_in_charge');
    expect(decide({ state: 'social_assessment', residentInMilan: false }, { kind: 'close', reason: 'transferred' }).to).toBe('closed');
    expect(() => decide({ state: 'social_assessment', residentInMilan: true }, { kind: 'close_at_screening', reason: 'clerical_error' })).toThrow(
      /allowed from: screening/,
    );
    expect(() => decide({ state: 'social_assessment', residentInMilan: true, openLinks: 1 }, { kind: 'close', reason: 'resolved' })).toThrow(/open referral/);
  });

  it('derives the municipio only for children living in Milan', () => {
    expect(municipioOf({ municipio: 4 }, true)).toBe(4);
    expect(municipioOf({ municipio: 4 }, false)).toBeNull();
    expect(municipioOf({}, true)).toBeNull();
  });
});
