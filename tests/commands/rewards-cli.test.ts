import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cli, useTempDirs } from '../helpers/cli.js';

const GUESS = fileURLToPath(new URL('../../fixtures/golden/travel-rebook/guess.json', import.meta.url));
const tempDir = useTempDirs('synthagent-rewards-');

describe('both rewards, as a user sees them', () => {
  it('run --json carries sections and rewards', async () => {
    const out = await cli(['run', '--task', 'travel-rebook', '--no-record', '--json'], tempDir());
    expect(out.code, out.stderr).toBe(0);
    const json = JSON.parse(out.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      score: 1,
      reward: 'paper',
      sections: { policy: { met: 3, total: 3 }, subgoal: { met: 4, total: 4 }, interaction: { met: 2, total: 2 } },
      rewards: { paper: 1, released: 1 },
    });
  });

  it('rescore --write adds sections and rewards to a recording made before they existed', async () => {
    const file = join(tempDir(), 'guess.json');
    copyFileSync(GUESS, file);
    const before = JSON.parse(readFileSync(file, 'utf8')) as { result: Record<string, unknown> };
    expect(before.result.rewards).toBeUndefined();
    const out = await cli(['rescore', file, '--write', '--reward', 'released'], tempDir());
    expect(out.code, out.stderr).toBe(0);
    // A guessed booking breaks one of three policy items: the paper's formula gives 0, the released code 0.85.
    expect(out.stdout).toContain('released 0.85 → 0.85 failed  (released 0.85 · paper 0.00 · policy 2/3, subgoal 4/4, interaction 1/2)');
    const after = JSON.parse(readFileSync(file, 'utf8')) as { result: Record<string, unknown> };
    expect(after.result).toMatchObject({ score: 0, sections: { policy: { met: 2, total: 3 } }, rewards: { paper: 0, released: 0.85 } });
  });

  it('show prints both rewards', async () => {
    const out = await cli(['show', GUESS], tempDir());
    expect(out.stdout).toContain('reward paper 0.00 · released 0.85 · policy 2/3, subgoal 4/4, interaction 1/2');
  });

  it('export --min-score reads the --reward profile', async () => {
    const paper = await cli(['export', GUESS, '--format', 'verl', '--min-score', '0.8'], tempDir());
    expect(paper.stderr).toContain('exported 0 (verl); skipped 1 below --min-score');
    const released = await cli(['export', GUESS, '--format', 'verl', '--min-score', '0.8', '--reward', 'released'], tempDir());
    expect(released.stderr).toContain('exported 1 (verl)');
    expect(JSON.parse(released.stdout)[0].extra_info.rewards).toEqual({ paper: 0, released: 0.85 });
  });

  it('refuses an unknown --reward in one line', async () => {
    const out = await cli(['export', GUESS, '--format', 'verl', '--reward', 'best'], tempDir());
    expect(out.code).toBe(2);
    expect(out.stderr).toBe('synthagent: export: --reward best: must be paper or released\n');
  });
});
