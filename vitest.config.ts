import { defineConfig } from 'vitest/config';

// The UIs' unit specs (logic without a browser); the browser tests are jest system tests in tests/ui.
export default defineConfig({
  test: {
    include: ['libs/ui/src/**/*.spec.{ts,tsx}', 'apps/*-ui/src/**/*.spec.{ts,tsx}'],
    environment: 'node',
  },
});
