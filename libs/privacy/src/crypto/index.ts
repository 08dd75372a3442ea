export * from './key-provider.js';
export * from './key-encryption-keys.js';
export * from './subject-key-vault.js';
export * from './cached-subject-key-vault.js';
export * from './subject-erasure.listener.js';
export * from './sealer.js';
