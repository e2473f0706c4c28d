// vitest configuration for StrykerJS (stryker.config.mjs): only the conformance suite.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/harness/conformance.stryker.ts'],
    testTimeout: 120_000,
    pool: 'forks',
  },
});
