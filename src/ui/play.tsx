import { render } from 'ink';
import { App, type AppProps } from './App.js';
import { abortLiveSessions } from './session-controller.js';

/** Renders the playground and resolves when the user quits. Ctrl+C is handled by the screens. */
export async function runPlayground(props: AppProps, terminal: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream }): Promise<void> {
  const instance = render(<App {...props} />, { exitOnCtrlC: false, stdin: terminal.stdin, stdout: terminal.stdout });
  // A terminal closed or a kill: the running session is ended and saved (marked incomplete) first.
  const stop = (): void => void abortLiveSessions().finally(() => instance.unmount());
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
  }
}
