import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synthagent-synth-'));
  tempDirs.push(dir);
  return dir;
}

const filesOf = (dir: string): Record<string, string> => Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));

describe('synthagent synth --offline', () => {
  it('writes the same files byte for byte for the same seed, and they validate', async () => {
    const cwd = tempDir();
    const first = await cli(['synth', '--offline', '--seed', 'abc', '--n', '12', '--out', 't'], cwd);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^wrote 12 tasks to t \(domains: [a-z-]+(, [a-z-]+){5,}\)\n$/);
    expect(first.stderr).toBe('synth: 12/12 tasks checked\n');
    const second = await cli(['synth', '--offline', '--seed', 'abc', '--n', '12', '--out', 'u'], cwd);
    expect(second.code).toBe(0);

    const t = filesOf(join(cwd, 't'));
    expect(Object.keys(t)).toHaveLength(12);
    expect(filesOf(join(cwd, 'u'))).toEqual(t);
    for (const [name, text] of Object.entries(t)) {
      expect(name).toMatch(/^synth-[a-z-]+-abc-\d+\.json$/);
      expect(text.endsWith('}\n')).toBe(true);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    }

    const files = Object.keys(t).map((f) => join('t', f));
    const validate = await cli(['validate', ...files], cwd);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  });

  it('another seed writes other tasks', async () => {
    const cwd = tempDir();
    expect((await cli(['synth', '--offline', '--seed', 'one', '--n', '3', '--out', 'a'], cwd)).code).toBe(0);
    expect((await cli(['synth', '--offline', '--seed', 'two', '--n', '3', '--out', 'b'], cwd)).code).toBe(0);
    const a = Object.values(filesOf(join(cwd, 'a')));
    const b = Object.values(filesOf(join(cwd, 'b')));
    a.forEach((text, i) => expect(text).not.toBe(b[i]));
  });

  it('--json prints {out, tasks}; --domain keeps to one domain; a bundled-style run passes', async () => {
    const cwd = tempDir();
    const r = await cli(['synth', '--offline', '--seed', 'J', '--n', '3', '--out', 'out', '--domain', 'finance', '--json'], cwd);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { out: string; tasks: { id: string; domain: string; file: string }[] };
    expect(report.out).toBe('out');
    expect(report.tasks).toHaveLength(3);
    for (const t of report.tasks) {
      expect(t.domain).toBe('finance');
      expect(t.file).toBe(join('out', `${t.id}.json`));
      expect(JSON.parse(readFileSync(join(cwd, t.file), 'utf8'))).toMatchObject({ id: t.id, domain: 'finance' });
    }
    const run = await cli(['run', '--task', report.tasks[0]!.file, '--agent', 'reference', '--user', 'sim', '--json', '--no-record'], cwd);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ score: 1, passed: true });
  });

  it('--n defaults to 10', async () => {
    const cwd = tempDir();
    const r = await cli(['synth', '--offline', '--seed', 'd', '--out', 'o'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(cwd, 'o'))).toHaveLength(10);
  });

  it.each([
    ['no --seed', ['--n', '2', '--out', 'x'], /--offline needs --seed/],
    ['--n 0', ['--seed', 's', '--n', '0', '--out', 'x'], /synth: --n 0: must be a whole number from 1 to 10000/],
    ['--n abc', ['--seed', 's', '--n', 'abc', '--out', 'x'], /synth: --n abc: must be a whole number/],
    ['--n 1.5', ['--seed', 's', '--n', '1.5', '--out', 'x'], /synth: --n 1.5: must be a whole number/],
    ['no --out', ['--seed', 's'], /--out DIR is required/],
    ['an unknown domain', ['--seed', 's', '--out', 'x', '--domain', 'space'], /unknown domain "space" \(offline domains: travel, .*hr\)/],
    ['an unknown flag', ['--seed', 's', '--out', 'x', '--bogus'], /unknown flag --bogus/],
  ])('exits 2 on %s, with one line and no files', async (_name, args, message) => {
    const cwd = tempDir();
    const r = await cli(['synth', '--offline', ...args], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(cwd)).toEqual([]);
  });
});
