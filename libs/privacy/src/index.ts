export * from './data-categories.js';
export * from './field-paths.js';
export * from './sharing-policy.js';
export * from './policy-markdown.js';
export * from './subject-key.js';
