import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['__tests__/**/*.test.ts'],
    // Integration tests spawn s3rver and the CLI; on a loaded 2-core machine one test can take a while.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A process per test file: tests that touch process.env or spawn servers cannot disturb each other.
    pool: 'forks',
    // Two cores: each integration file already runs a server and a client process.
    maxWorkers: 2,
    setupFiles: ['__tests__/helpers/setup.ts'],
  },
});
