import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./tests/support/global-setup.ts'],
    // Each file gets its own database; two workers match the machine's two cores.
    maxWorkers: 2,
    // A worker runs file after file without restarting: loading the packages again for every
    // file cost a third of the suite's CPU time. tests/support/fresh-modules.ts still gives each
    // file fresh gateway modules.
    isolate: false,
    setupFiles: ['./tests/support/fresh-modules.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
