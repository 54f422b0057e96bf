import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    // The JSON report is what .ci/run reads for its "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    // A deadline only catches a hang: tests wait for events, and the suite must pass beside other work.
    testTimeout: 60_000,
    pool: 'forks',
    // Both cores of the 2-core machines we run on (vitest's default leaves one idle).
    maxWorkers: 2,
    isolate: false,
    // Rebuilds dist/ when src/ is newer: the few tests that spawn the CLI never run a stale build.
    globalSetup: ['tests/global-setup.ts'],
  },
});
