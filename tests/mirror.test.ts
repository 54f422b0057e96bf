import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// tests/ mirrors src/ (STYLE.md, Tests): src/<path>.ts[x] has its own tests/<path>.test.ts[x]. The modules
// below have none, each for the reason given; a new module with logic needs a test of its own.
const WITHOUT_TEST: Record<string, string> = {
  'bin.ts': 'the process entry point: tests/cli/ spawns it (EPIPE, a full disk, signals)',
  'adapters/jsonata-worker-source.ts': "the JSONata child's program text: tests/adapters/jsonata-sandbox.test.ts runs it",
  'adapters/model-types.ts': 'types only',
  'domain/result.ts': 'types only',
  'domain/stop-token.ts': 'one constant',
  'roles/role.ts': 'types only',
  'ui/theme.ts': 'colour and status tables',
  'ui/use-session.ts': 'one useSyncExternalStore call, under every screen test',
  'synth/templates/finance.ts': 'template data: tests/synth/offline.test.ts plays every domain',
  'synth/templates/food-delivery.ts': 'template data: tests/synth/offline.test.ts plays every domain',
  'synth/templates/health.ts': 'template data: tests/synth/offline.test.ts plays every domain',
  'synth/templates/hr.ts': 'template data: tests/synth/offline.test.ts plays every domain',
  'synth/templates/it-support.ts': 'template data: tests/synth/offline.test.ts plays every domain',
  'synth/templates/retail.ts': 'template data: tests/synth/offline.test.ts plays every domain',
  'synth/templates/travel.ts': 'template data: tests/synth/offline.test.ts plays every domain',
};

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? sources(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : []));
}

const modules = sources(join(ROOT, 'src')).map((f) => relative(join(ROOT, 'src'), f));
const hasTest = (module: string): boolean => ['ts', 'tsx'].some((ext) => existsSync(join(ROOT, 'tests', module.replace(/\.tsx?$/, `.test.${ext}`))));

describe('tests/ mirrors src/', () => {
  it('every module has its own test, or is listed with a reason', () => {
    expect(modules.filter((m) => !hasTest(m) && !(m in WITHOUT_TEST))).toEqual([]);
  });

  it('the list holds only modules that exist and still have no test of their own', () => {
    expect(Object.keys(WITHOUT_TEST).filter((m) => !modules.includes(m) || hasTest(m))).toEqual([]);
  });
});
