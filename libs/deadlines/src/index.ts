export * from './deadline.rules.js';
export * from './deadline.settings.js';
export * from './deadline.service.js';
export * from './deadline.view.js';
export * from './deadlines.module.js';
