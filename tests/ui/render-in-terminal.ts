import { EventEmitter } from 'node:events';
import { stripVTControlCharacters } from 'node:util';
import { Box, type DOMElement, measureElement, render } from 'ink';
import { createElement, createRef, type ReactElement } from 'react';

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
 *
 * `liveRows()` is the height of the live frame, what Ink compares with the terminal's rows before it
 * redraws (its `outputHeight`: the laid-out height of the tree, <Static> rows not counted, as Static
 * is positioned out of the flow); `liveFrame()` is those last rows of the frame.
 */
export function renderInTerminal(tree: ReactElement, columns: number, rows: number) {
  const stdout = new SizedStdout(columns, rows);
  const stdin = new FakeStdin();
  const root = createRef<DOMElement>();
  const liveRows = (): number => (root.current ? measureElement(root.current).height : 0);
  const instance = render(createElement(Box, { ref: root, flexDirection: 'column' }, tree), {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stderr: new SizedStdout(columns, rows) as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    debug: true,
    exitOnCtrlC: false,
    patchConsole: false,
  });
  const liveFrame = (): string => {
    const n = liveRows();
    return n ? stripVTControlCharacters(stdout.last ?? '').split('\n').slice(-n).join('\n') : '';
  };
  return { lastFrame: (): string | undefined => stdout.last, stdin, liveRows, liveFrame, unmount: (): void => instance.unmount() };
}
