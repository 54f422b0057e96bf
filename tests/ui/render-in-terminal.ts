import { EventEmitter } from 'node:events';
import { render } from 'ink';
import type { ReactElement } from 'react';

/** A terminal's stdout of a given size that keeps the last frame Ink wrote (Ink's debug mode writes whole frames). */
class SizedStdout extends EventEmitter {
  readonly isTTY = false;
  last: string | undefined;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {
    super();
  }
  write = (frame: string): boolean => {
    this.last = frame;
    return true;
  };
}

/** Keys typed into the app, as ink-testing-library's stdin delivers them. */
class FakeStdin extends EventEmitter {
  readonly isTTY = true;
  private data: string | null = null;
  write = (data: string): void => {
    this.data = data;
    this.emit('readable');
    this.emit('data', data);
  };
  read = (): string | null => {
    const { data } = this;
    this.data = null;
    return data;
  };
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

/**
 * Renders `tree` as ink-testing-library does, but in a terminal of `columns` × `rows` (the library's
 * stdout is always 100 columns and has no rows), for screens that size themselves to the terminal.
 */
export function renderInTerminal(tree: ReactElement, columns: number, rows: number) {
  const stdout = new SizedStdout(columns, rows);
  const stdin = new FakeStdin();
  const instance = render(tree, {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new SizedStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  return { lastFrame: (): string | undefined => stdout.last, stdin, unmount: (): void => instance.unmount() };
}
