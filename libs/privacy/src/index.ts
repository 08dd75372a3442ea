export * from './data-categories.js';
export * from './field-paths.js';
export * from './sharing-policy.js';
export * from './policy-markdown.js';
export * from './subject-key.js';
export * from './crypto/key-provider.js';
export * from './crypto/subject-key-vault.js';
export * from './crypto/sealer.js';
