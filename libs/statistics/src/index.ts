export * from './statistical-table.js';
export { protectTable, type ProtectionOptions, type Subtotal, tableSystem } from './cell-suppression.js';
export { auditReleases, type Finding, type Release, type ReleasedTable } from './release.audit.js';
export { InfeasibleSystemError, SystemSolver, type ValueRange, withSolver } from './interval.solver.js';
export { SUPPRESSED_FLAG, tableCsv } from './table.csv.js';
