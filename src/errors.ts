/** Bad input from a user: a file, a flag, a task. The CLI prints `message` as one line and exits 2. */
export class UserError extends Error {
  override name = 'UserError';
  constructor(message: string, readonly exitCode: 1 | 2 = 2) {
    super(message);
  }
}

/** A file that cannot be read at all (missing, a folder, no permission): bad usage, unlike a file that reads but is invalid. */
export class UnreadableFileError extends UserError {
  override name = 'UnreadableFileError';
  constructor(readonly file: string, readonly why: string) {
    super(`${file}: cannot read: ${why}`);
  }
}

/** A model that answered outside its contract (nonsense JSON, unknown tool…). Becomes an event, not a crash. */
export class ModelBehaviorError extends Error {
  override name = 'ModelBehaviorError';
}

/**
 * A call given up because the command or its session was stopped (Ctrl+C, SIGTERM, a session aborted):
 * nobody failed. A session that meets one ends `aborted`, whoever's call it was.
 */
export class StoppedError extends Error {
  override name = 'StoppedError';
}

/** Something in our environment failed (disk, network). */
export class SystemError extends Error {
  override name = 'SystemError';
}

/** Exhaustiveness guard for `switch` over discriminated unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object' && 'message' in err) return String((err as { message: unknown }).message);
  return String(err);
}

/**
 * Makes text safe for one line of a terminal: control characters (newlines, ANSI escapes, NUL…) are
 * shown escaped, and the line is cut at `max` characters. Every error a user sees goes through it.
 */
export function safeLine(text: string, max = 500): string {
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return ' ';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A flag's value as a one-line error shows it: bare when it is one plain word, else as JSON (`""`, `"two words"`). */
export function shownFlagValue(value: unknown): string {
  return typeof value === 'string' && /^[^\s"]+$/.test(value) ? value : JSON.stringify(value);
}
