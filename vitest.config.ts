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
    // Test files share a worker's loaded modules (each file re-importing ink, openai and the MCP SDK was
    // half the suite's CPU); state that outlives a test is an object the test creates (STYLE.md).
    isolate: false,
    // Rebuilds dist/ when src/ is newer: the few tests that spawn the CLI never run a stale build.
    globalSetup: ['tests/global-setup.ts'],
    // Ink draws only its last frame when it believes it runs in CI (is-in-ci reads CI at import); the
    // playground does the same for itself (commands/play.ts). Tests drive live frames, so in CI too.
    env: { CI: 'false', CONTINUOUS_INTEGRATION: 'false' },
  },
});
