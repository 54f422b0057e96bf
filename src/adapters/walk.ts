import { type Dirent, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface WalkOptions {
  /** Which files to list, by name. */
  keep: (name: string) => boolean;
  /** Folders not to enter, by name. */
  skipDir?: (name: string) => boolean;
  /** Told of what is passed over: a named pipe, device or socket (never read), or a folder that cannot be read. */
  onSkip?: (path: string, why: string) => void;
}

/**
 * The one directory walker: the files under `dir` that `keep` names, depth first, each folder's entries
 * in name order. A link to a file counts as a file; a link to a folder is not followed (no loops). Named pipes, devices and sockets are never
 * listed (reading one blocks or never ends); `onSkip` hears of each, so the caller can say so in one line.
 */
export function walkFiles(dir: string, opts: WalkOptions): string[] {
  const out: string[] = [];
  const visit = (folder: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder === '' ? '.' : folder, { withFileTypes: true });
    } catch (err) {
      opts.onSkip?.(folder, `cannot read the folder (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const path = folder === '' ? e.name : join(folder, e.name);
      const kind = kindOf(e, path);
      if (kind === 'dir') {
        if (!opts.skipDir?.(e.name)) visit(path);
      } else if (kind !== 'linked folder' && opts.keep(e.name)) {
        if (kind === 'file') out.push(path);
        else opts.onSkip?.(path, `skipped: ${kind}, not a file`);
      }
    }
  };
  visit(dir);
  return out;
}

/** 'dir', 'file', 'linked folder', or what a special file is ("a named pipe"…). */
function kindOf(e: Dirent, path: string): string {
  if (e.isSymbolicLink()) {
    try {
      const s = statSync(path);
      return s.isDirectory() ? 'linked folder' : s.isFile() ? 'file' : special(s);
    } catch {
      return 'file'; // a broken link: reading it says what is wrong
    }
  }
  if (e.isDirectory()) return 'dir';
  if (e.isFile()) return 'file';
  return special(e);
}

function special(s: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
