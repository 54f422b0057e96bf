import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The newest modification time under `dir` (0 when it does not exist). */
function newest(dir: string): number {
  let max = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const path = join(dir, e.name);
    max = Math.max(max, e.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}

/**
 * The few tests that need a process run dist/bin.js: build it first when src/ (or the build's config)
 * is newer than dist/, so a plain `npx vitest` never tests a stale build.
 */
export default function setup(): void {
  const source = Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'tsconfig.json')).mtimeMs, statSync(join(ROOT, 'package.json')).mtimeMs);
  const built = newest(join(ROOT, 'dist'));
  if (built >= source) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
}
