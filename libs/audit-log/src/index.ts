export * from './signing.js';
export * from './merkle.js';
export * from './chain-verifier.js';
export * from './append-only.sql.js';
export * from './chain-head.js';
export * from './event-examiner.js';
