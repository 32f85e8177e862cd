import { defineConfig } from 'vitest/config';

// `npm run test:browser`: the dashboard and playground in Debian's chromium (playwright-core).
export default defineConfig({
  test: {
    include: ['test/browser/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    pool: 'threads',
  },
});
