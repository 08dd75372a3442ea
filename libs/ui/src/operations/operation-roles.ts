/** operationId → the roles the service allows (`x-allowed-roles` in its OpenAPI document). */
export type OperationRoles = Readonly<Record<string, readonly string[]>>;

interface OpenApiLike {
  paths: Record<string, Record<string, unknown>>;
}

/**
 * The API decides who may do what, and publishes it on each operation; the UI reads it from the
 * same document its client is typed from, so a button shows exactly when the route would accept.
 */
export function operationRoles(document: OpenApiLike): OperationRoles {
  const roles: Record<string, readonly string[]> = {};
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || operation === null) continue;
      const { operationId, 'x-allowed-roles': allowed } = operation as { operationId?: unknown; 'x-allowed-roles'?: unknown };
      if (typeof operationId === 'string' && Array.isArray(allowed)) roles[operationId] = allowed.filter((r): r is string => typeof r === 'string');
    }
  }
  return roles;
}
