import { existsSync, statSync } from 'node:fs';
import { walkFiles } from './walk.js';

/**
 * Expands recording arguments: files as given, folders to every `*.json` in them (recursively, not the
 * index). `onSkip` hears of what a folder holds that is never read (a named pipe, a device…).
 */
export function expandRecordingArgs(args: readonly string[], onSkip?: (path: string, why: string) => void): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (existsSync(arg) && statSync(arg).isDirectory()) out.push(...walkFiles(arg, { keep: (name) => name.endsWith('.json') && name !== 'index.json', onSkip }));
    else out.push(arg);
  }
  return out;
}
