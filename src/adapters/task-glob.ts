import { existsSync, statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { bundledTaskFiles, type LoadedTask, loadTaskFile } from './task-files.js';
import { walkFiles } from './walk.js';

const WILD = /[*?]/;

/** A glob as a RegExp over `/`-separated paths: `**` any path (incl. `/`), `*` any run without `/`, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      // `**/` also matches no folder at all, so `a/**/*.json` matches `a/x.json`.
      if (glob[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether `--tasks` names files (has a `/` or ends in .json) rather than bundled task ids. */
export function isFileGlob(glob: string): boolean {
  return glob.includes('/') || glob.includes('\\') || glob.endsWith('.json');
}

/**
 * `--tasks GLOB`: task files matching a path glob (only *.json files; folders starting with `.` and
 * node_modules are not entered unless named), or bundled tasks whose id matches. Sorted by task id;
 * no match, an invalid file, or two files with one id is a UserError.
 */
export function resolveTaskGlob(glob: string, onSkip?: (path: string, why: string) => void): LoadedTask[] {
  const found: LoadedTask[] = isFileGlob(glob)
    ? matchFiles(glob, onSkip).map((file) => ({ task: loadTaskFile(file), file, source: { file } }))
    : bundledTaskFiles()
        .filter((f) => globToRegExp(glob).test(f.id))
        .map(({ id, file }) => ({ task: loadTaskFile(file), file, source: { bundled: id } }));
  if (found.length === 0) {
    const what = isFileGlob(glob) ? 'no task file matches' : 'no bundled task id matches (see synthagent tasks)';
    throw new UserError(`--tasks ${glob}: ${what}`);
  }
  const byId = new Map<string, string>();
  for (const { task, file } of found) {
    const other = byId.get(task.id);
    if (other) throw new UserError(`--tasks ${glob}: ${other} and ${file} both have the id "${task.id}"`);
    byId.set(task.id, file);
  }
  return found.sort((a, b) => a.task.id.localeCompare(b.task.id));
}

/** Files matching a path glob, found by walking from its static prefix (the folders before the first wildcard). */
export function matchFiles(glob: string, onSkip?: (path: string, why: string) => void): string[] {
  const pattern = glob.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const parts = pattern.split('/');
  const firstWild = parts.findIndex((p) => WILD.test(p));
  if (firstWild < 0) return existsSync(pattern) && statSync(pattern).isFile() ? [pattern] : [];
  const prefix = parts.slice(0, firstWild).join('/');
  const root = prefix === '' && pattern.startsWith('/') ? '/' : prefix;
  if (root !== '' && !(existsSync(root) && statSync(root).isDirectory())) return [];
  const re = globToRegExp(pattern);
  const out = walkFiles(root, { keep: (name) => name.endsWith('.json'), skipDir: (name) => name.startsWith('.') || name === 'node_modules', onSkip }).filter((path) => re.test(path));
  return out.sort();
}
