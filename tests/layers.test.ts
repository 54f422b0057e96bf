import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The layers of src/, innermost first (README's Layout): a file may import from its own layer and the
// ones before it, never from a later one. Type-only and dynamic imports count too.
const LAYERS = ['errors', 'io', 'domain', 'adapters', 'roles', 'session', 'render', 'synth', 'serve', 'ui', 'cli-flags', 'commands', 'cli', 'bin'];
/** Packages the pure core may use (no fs, clock, network, terminal; node:crypto for hashes; re2js matches task patterns in linear time). */
const DOMAIN_PACKAGES = new Set(['zod', 'jsonata', 're2js', 'node:crypto']);

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : /\.tsx?$/.test(d.name) ? [join(dir, d.name)] : [],
  );
}

/** Every module a file names in an import, export … from, or import() (specifiers as written). */
export function importsOf(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
    out.push((m[1] ?? m[2] ?? m[3])!);
  }
  return out;
}

const files = sourceFiles(SRC);
const byPath = new Map(files.map((f) => [f.replace(/\.tsx?$/, ''), f]));
const layerOf = (file: string): string => relative(SRC, file).split('/')[0]!.replace(/\.tsx?$/, '');

/** Local imports resolved to files under src/. */
const graph = new Map(
  files.map((f) => {
    const local = importsOf(readFileSync(f, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => byPath.get(resolve(dirname(f), s).replace(/\.js$/, '')))
      .filter((t): t is string => t !== undefined);
    return [f, local] as const;
  }),
);

/** The import cycles, each as a list of files relative to src/. */
function cycles(): string[][] {
  const found: string[][] = [];
  const done = new Set<string>();
  const stack: string[] = [];
  const visit = (f: string): void => {
    if (done.has(f)) return;
    const at = stack.indexOf(f);
    if (at >= 0) return void found.push([...stack.slice(at), f].map((x) => relative(SRC, x)));
    stack.push(f);
    for (const t of graph.get(f) ?? []) visit(t);
    stack.pop();
    done.add(f);
  };
  files.forEach(visit);
  return found;
}

describe('the layers of src/', () => {
  it('reads import lines of every kind', () => {
    const text = "import a from './a.js';\nimport type { B } from '../b.js';\nexport { c } from './c.js';\nimport './side.js';\nconst d = await import('./d.js');\nconst s = 'import x from \"./not-a-line.js\"';";
    expect(importsOf(text)).toEqual(['./a.js', '../b.js', './c.js', './side.js', './d.js']);
  });

  it('every top-level folder of src/ is a known layer', () => {
    expect([...new Set(files.map(layerOf))].filter((l) => !LAYERS.includes(l))).toEqual([]);
  });

  it('no file imports from a layer above its own', () => {
    const upward: string[] = [];
    for (const [f, targets] of graph) {
      for (const t of targets) if (LAYERS.indexOf(layerOf(t)) > LAYERS.indexOf(layerOf(f))) upward.push(`${relative(SRC, f)} -> ${relative(SRC, t)}`);
    }
    expect(upward).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(cycles()).toEqual([]);
  });

  it('domain/ uses no package but zod, jsonata and node:crypto', () => {
    const outside = files
      .filter((f) => layerOf(f) === 'domain')
      .flatMap((f) => importsOf(readFileSync(f, 'utf8')).filter((s) => !s.startsWith('.') && !DOMAIN_PACKAGES.has(s)).map((s) => `${relative(SRC, f)}: ${s}`));
    expect(outside).toEqual([]);
  });
});
