import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'flows/**/*.test.ts'],
    // The browser tests have their own command (npm run test:browser), which CI runs after npm test.
    exclude: ['test/browser/**', '**/node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Two cores: two workers keep PGlite start-ups and the real server from starving each other.
    maxWorkers: 2,
    // Worker threads rather than child processes: a fifth less CPU for the same suite on this machine.
    pool: 'threads',
  },
});
