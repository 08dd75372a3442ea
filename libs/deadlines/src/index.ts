export * from './deadline.rules.js';
export * from './deadline.settings.js';
export * from './deadline.service.js';
export * from './deadline.view.js';
export * from './deadlines.module.js';
export * from './deadlines-table.migration.js';
export * from './deadline-outcomes.migration.js';
