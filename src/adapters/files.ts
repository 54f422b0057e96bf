import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p`, one folder at a time from the nearest one that exists. Node 20's recursive mkdirSync
 * spins forever under /proc (`--record /proc/x/y.json` hung at 100% CPU, deaf to Ctrl+C).
 */
export function makeDirs(dir: string): void {
  const missing: string[] = [];
  let at = resolve(dir);
  while (!existsSync(at)) {
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  if (existsSync(at) && !statSync(at).isDirectory()) throw new Error(`${at} is a file, not a folder`);
  for (const d of missing) mkdirSync(d);
}

/**
 * Size and times of a file (what tells that it changed since it was read): null when there is no such
 * file, '' when it cannot be looked at.
 */
export function fileStamp(file: string): string | null {
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    return st ? `${st.size}:${st.mtimeMs}:${st.ctimeMs}` : null;
  } catch {
    return '';
  }
}
