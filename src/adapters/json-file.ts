import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';

/** Reads and parses a JSON file; any failure is a one-line UserError naming the file. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new UserError(`${file}: cannot read: ${why}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new UserError(`${file}: invalid JSON: ${jsonErrorWhere(text, (err as Error).message)}`);
  }
}

/** Node's JSON errors give a character position; users want a line and column. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /at position (\d+)/.exec(message);
  // Some messages quote the surrounding source, newlines and all: keep the first clause only.
  const short = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '').replace(/, "[\s\S]*$/, '').replace(/\s+/g, ' ');
  if (!m) return text.trim() === '' ? 'the file is empty' : short;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${short} at line ${line}, column ${column}`;
}
