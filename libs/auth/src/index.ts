export * from './principal.js';
export * from './jwt.verifier.js';
export * from './agency.guard.js';
export * from './current-principal.decorator.js';
export * from './dev-issuer.js';
export * from './allow.decorator.js';
export * from './school-scope.js';
