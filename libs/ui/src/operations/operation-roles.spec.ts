import { describe, expect, it } from 'vitest';
import { operationRoles } from './operation-roles.js';

describe('operationRoles', () => {
  it("reads each operation's x-allowed-roles, and leaves public and undeclared ones out (nobody acts on them)", () => {
    const roles = operationRoles({
      paths: {
        '/reports': {
          get: { operationId: 'ReportsController_list', 'x-allowed-roles': ['caseworker', 'auditor'] },
          post: { operationId: 'ReportsController_file', 'x-allowed-roles': ['caseworker'] },
        },
        '/health': { get: { operationId: 'HealthController_check' } },
        '/odd': { parameters: [], get: { operationId: 'Odd', 'x-allowed-roles': ['caseworker', 7] } },
      },
    });
    expect(roles).toEqual({ ReportsController_list: ['caseworker', 'auditor'], ReportsController_file: ['caseworker'], Odd: ['caseworker'] });
  });
});
