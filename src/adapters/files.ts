import { closeSync, constants, existsSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, renameSync, type Stats, statSync, unlinkSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { SystemError, UnreadableFileError, UserError } from '../errors.js';

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
  for (const d of missing) {
    try {
      mkdirSync(d);
    } catch (err) {
      // Another process (two runs saving into one new folder) made it between our look and our mkdir.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(d).isDirectory()) throw err;
    }
  }
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

/** The most synthagent reads of one file (a task, a recording, records to import). */
export const MAX_READ_BYTES = 256 * 2 ** 20;

/**
 * THE way the tool reads a file it was pointed at (a task, a recording, records to import). Only a
 * regular file is read: a named pipe or a device (`/dev/zero`, a FIFO) would block or never end, so it
 * is refused in one line without being read (opened without blocking, looked at, closed). So is a file
 * larger than `maxBytes`.
 */
export function readTextFile(file: string, maxBytes = MAX_READ_BYTES): string {
  let fd = -1;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UnreadableFileError(file, 'is a directory');
    if (!st.isFile()) throw new UnreadableFileError(file, `${specialKind(st)}, not a file; skipped`);
    if (st.size > maxBytes) throw new UnreadableFileError(file, `${mb(st.size)}, larger than the ${mb(maxBytes)} synthagent reads`);
    return readFileSync(fd, 'utf8');
  } catch (err) {
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why: Record<string, string> = { ENOENT: 'no such file', EISDIR: 'is a directory', EACCES: 'permission denied', ENOTDIR: 'a part of the path is a file, not a folder', ELOOP: 'too many symbolic links' };
    throw new UnreadableFileError(file, (code && why[code]) ?? (err as Error).message);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

const mb = (bytes: number): string => `${Math.ceil(bytes / 2 ** 20)} MB`;

function specialKind(s: Stats): string {
  if (s.isFIFO()) return 'a named pipe';
  if (s.isCharacterDevice()) return 'a character device';
  if (s.isBlockDevice()) return 'a block device';
  if (s.isSocket()) return 'a socket';
  return 'not a regular file';
}

/**
 * Where a write to `file` lands: the end of its symlinks (a dangling link's target too), and what is
 * there now. A folder there is refused in one line.
 */
export function writeTarget(file: string): { path: string; stat: Stats | undefined } {
  let path = resolve(file);
  let stat: Stats | undefined;
  try {
    for (let hops = 0; hops < 40; hops++) {
      const link = lstatSync(path, { throwIfNoEntry: false });
      if (!link?.isSymbolicLink()) break;
      path = resolve(dirname(path), readlinkSync(path));
    }
    stat = statSync(path, { throwIfNoEntry: false });
  } catch (err) {
    throw writeError(file, err);
  }
  if (stat?.isDirectory()) throw new UserError(`${file}: is a folder; give a file name`);
  return { path, stat };
}

/**
 * THE way the tool writes a file (recordings, tasks, caches, the index, export's --out). A regular file
 * (or none yet) is replaced atomically with its whole content: written beside it, synced, then renamed
 * over it, so a kill at any moment leaves the old file or the new one, never a shell. A symlink writes
 * its target (the link stays a link); a pipe or a device (/dev/stdout, /dev/null) is written in place,
 * never replaced; a folder is refused in one line. Temp files that a killed run left beside the file
 * are removed first. Nothing is created anywhere but beside the file.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const { path, stat } = writeTarget(file);
  if (stat && !stat.isFile()) return writeInPlace(file, path, data);
  const tmp = `${path}.${process.pid}.tmp`;
  let fd = -1;
  try {
    makeDirs(dirname(path));
    sweepTemps(path);
    fd = openSync(tmp, 'w', stat ? stat.mode & 0o7777 : 0o666);
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // Never made, or already renamed.
    }
    throw writeError(file, err);
  }
}

/**
 * A file the user named for output (`export --out`): like writeFileAtomic, but a named pipe is opened
 * without blocking this thread, so a pipe nobody reads yet waits for its reader and Ctrl+C still stops it.
 */
export async function writeOutput(file: string, data: string): Promise<void> {
  const { path, stat } = writeTarget(file);
  if (!stat?.isFIFO()) return writeFileAtomic(file, data);
  try {
    const handle = await open(path, constants.O_WRONLY);
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
  } catch (err) {
    throw writeError(file, err);
  }
}


function writeInPlace(file: string, path: string, data: string | Uint8Array): void {
  let fd = -1;
  try {
    fd = openSync(path, 'w');
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
  } catch (err) {
    throw writeError(file, err);
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/**
 * Temp files a killed writer left (its pid is gone): `FILE.<pid>.tmp` beside the file being written, and,
 * the first time this process writes into a folder, every `NAME.json.<pid>.tmp` there: a run killed while
 * creating a recording leaves one under a name no later run writes again. Other names (`notes.2024.tmp`)
 * are the user's and stay.
 */
function sweepTemps(path: string): void {
  const dir = dirname(path);
  const name = basename(path);
  const wholeFolder = !sweptFolders.has(dir);
  // The folder's sweep already took every `*.json.<pid>.tmp` of a gone pid.
  if (!wholeFolder && name.endsWith('.json')) return;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  if (wholeFolder) {
    if (sweptFolders.size >= 10_000) sweptFolders.clear();
    sweptFolders.add(dir);
  }
  for (const n of names) {
    if (!n.endsWith('.tmp')) continue;
    const stem = n.slice(0, -4);
    const dot = stem.lastIndexOf('.');
    const owner = stem.slice(0, dot);
    if (dot <= 0 || !(owner === name || (wholeFolder && owner.endsWith('.json')))) continue;
    const pid = Number(stem.slice(dot + 1));
    if (!/^\d+$/.test(stem.slice(dot + 1)) || !Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    try {
      unlinkSync(join(dir, n));
    } catch {
      // Someone else swept it.
    }
  }
}

/**
 * Folders this process has swept whole: once is enough (a recordings folder of 10,000 files is not listed
 * again for each new recording). Process state on purpose: which pids are gone does not depend on the run.
 */
const sweptFolders = new Set<string>();

/**
 * Takes `<dir>/.synthagent.lock` (holding this process's id) for as long as a batch writes the folder.
 * A lock held by a live process is refused in one line naming it; one left by a process that is gone
 * (kill -9) is taken over. `release` removes it.
 */
export function lockFolder(dir: string, what: string): { release: () => void } {
  const file = join(dir, '.synthagent.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return {
        release: () => {
          try {
            if (readFileSync(file, 'utf8').trim() === String(process.pid)) unlinkSync(file);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError(file, err);
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(file, 'utf8').trim());
    } catch {
      // Removed meanwhile: try again.
    }
    if (Number.isSafeInteger(holder) && holder > 0 && alive(holder)) {
      throw new UserError(`${what}: another batch is writing this folder (pid ${holder}); wait for it, or pick another folder`);
    }
    try {
      unlinkSync(file);
    } catch {
      // Another taker was first: the next attempt sees its lock.
    }
  }
  throw new UserError(`${what}: cannot take the folder's lock (${file})`);
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function writeError(file: string, err: unknown): Error {
  if (err instanceof UserError || err instanceof SystemError) return err;
  const e = err as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    ENOSPC: 'no space left on the device',
    EACCES: 'permission denied',
    EROFS: 'read-only file system',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EISDIR: 'is a folder; give a file name',
    ELOOP: 'too many symbolic links',
  };
  return new SystemError(`${file}: cannot write: ${(e.code && why[e.code]) ?? e.message}`);
}
