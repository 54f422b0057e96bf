import { execFileSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { servePlan, type ServeFlags } from '../../src/commands/serve.js';
import { UserError } from '../../src/errors.js';
import { cli, useTempDirs } from '../helpers/cli.js';

const base: ServeFlags = { http: false, recordingsDir: 'recordings', models: {} };
const tempDir = useTempDirs('synthagent-serve-flags-');

describe('serve flags', () => {
  it.each<[string, Partial<ServeFlags>, RegExp]>([
    ['no mode', {}, /give one of --mcp stdio, --mcp http or --http/],
    ['two modes', { http: true, mcp: 'http', task: 'travel-rebook' }, /give one of/],
    ['an unknown MCP transport', { mcp: 'ws', task: 'travel-rebook' }, /--mcp ws: one of stdio, http/],
    ['MCP without a task', { mcp: 'stdio' }, /--mcp needs --task T/],
    ['MCP with --tasks', { mcp: 'http', tasks: '*' }, /--tasks is for the HTTP environment/],
    ['a port for stdio', { mcp: 'stdio', task: 'travel-rebook', port: 80 }, /--port is for the HTTP servers/],
    ['a human user', { http: true, user: 'human' }, /synthagent play --task T --agent mcp --user human/],
    ['a model user with no model', { http: true, user: 'model' }, /--user model needs a model/],
    ['an unknown reward', { http: true, reward: 'best' }, /--reward best: must be paper or released/],
    ['an empty token', { http: true, token: ' ' }, /--token needs a value/],
  ])('%s is one clear line', (_name, flags, message) => {
    expect(() => servePlan({ ...base, ...flags }, {})).toThrow(UserError);
    expect(() => servePlan({ ...base, ...flags }, {})).toThrow(message);
  });

  it.each([
    [['--port', '70000'], 'serve: --port 70000: must be a whole number from 0 to 65535'],
    [['--idle', '0'], 'serve: --idle 0: must be a whole number from 1 to'],
    [['--max-sessions', 'many'], 'serve: --max-sessions many: must be a whole number from 1 to 100000'],
    [['--mcp', 'stdio', '--task', 'no-such-task'], 'unknown task "no-such-task"'],
  ])('synthagent serve --http %j: exit 2 and one line', async (args, message) => {
    const out = await cli(['serve', '--http', ...args].filter((a, i, all) => !(a === '--http' && all.includes('--mcp'))), tempDir());
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(message);
    expect(out.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('defaults: every bundled task, user sim, loopback, a free port, 300 s idle, reward paper; SYNTHAGENT_TOKEN is the token', () => {
    const plan = servePlan({ ...base, http: true }, { SYNTHAGENT_TOKEN: 't0k' });
    expect(plan).toMatchObject({ mode: 'http', user: { kind: 'sim' }, host: '127.0.0.1', port: 0, idleMs: 300_000, maxSessions: 1000, reward: 'paper', token: 't0k' });
    expect(plan.tasks.length).toBeGreaterThan(5);
  });

  it('--tasks over a folder holding a named pipe serves the task files and says it skipped the pipe', () => {
    const dir = tempDir();
    copyFileSync(new URL('../../fixtures/tasks/travel/travel-rebook.json', import.meta.url), join(dir, 'travel-rebook.json'));
    execFileSync('mkfifo', [join(dir, 'pipe.json')]);
    const skipped: string[] = [];
    const plan = servePlan({ ...base, http: true, tasks: `${dir}/*.json` }, {}, (path, why) => skipped.push(`${path}: ${why}`));
    expect(plan.tasks.map((t) => t.task.id)).toEqual(['travel-rebook']);
    expect(skipped).toEqual([expect.stringMatching(/pipe\.json: .*named pipe/)]);
  });
});
