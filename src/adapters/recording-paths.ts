import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Expands recording arguments: files as given, folders to every `*.json` in them (recursively, no index). */
export function expandRecordingArgs(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (existsSync(arg) && statSync(arg).isDirectory()) out.push(...walk(arg));
    else out.push(arg);
  }
  return out;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return walk(path);
      return e.name.endsWith('.json') && e.name !== 'index.json' ? [path] : [];
    });
}
