// Native ESM jest (NestJS 12 is ESM-only): run through `npm run jest`, which adds
// --experimental-vm-modules. swc strips types; `npm run typecheck` checks them.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: '.',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@casenet/(contracts|privacy|audit-log|messaging|auth|service-runtime|deadlines|compliance|statistics|testing)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
};

export default {
  // One real Kafka broker per run, shared by every test file (docs/adr/0012-real-kafka-broker.md).
  globalSetup: '<rootDir>/tools/jest/kafka.global-setup.mjs',
  globalTeardown: '<rootDir>/tools/jest/kafka.global-teardown.mjs',
  projects: [
    // The UIs' specs are vitest's (vitest.config.ts).
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.spec.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/libs/ui/', '<rootDir>/apps/[a-z]+-ui/'],
    },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/*/src/**/*.int-spec.ts'] },
    { ...common, displayName: 'system', testMatch: ['<rootDir>/tests/**/*.test.ts'] },
  ],
};
