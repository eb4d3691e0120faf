import { defineConfig } from 'vitest/config';

// MELKER_NO_SERVICES=1 runs pure unit tests without starting PostgreSQL and Temporal.
const withServices = process.env.MELKER_NO_SERVICES !== '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: withServices ? ['test/global-setup.ts'] : [],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    reporters: ['default'],
  },
});
