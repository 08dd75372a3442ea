import type { INestApplication } from '@nestjs/common';

/**
 * helmet's headers, through Nest's own port of helmet 8 (`app.useSecurityHeaders`): the same
 * defaults, no extra dependency. Express stops announcing itself (no `X-Powered-By`).
 * The CSP is helmet's default, which Swagger UI at /docs fits (its scripts are files of this
 * origin, its styles inline, its icons data: URLs), minus `upgrade-insecure-requests`: the
 * services speak plain HTTP behind the ingress, and an upgraded /docs would load nothing.
 */
export function useSecurityHeaders(app: INestApplication): void {
  app.useSecurityHeaders({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
}
