import { render } from 'ink';
import { App, type AppProps } from './App.js';
import { abortLiveSessions } from './session-controller.js';

/**
 * Renders the playground and resolves when the user quits. Ctrl+C is a key the screens handle; `stop`
 * (a terminal closed, a kill) ends the running session and saves it, marked incomplete, first.
 */
export async function runPlayground(props: AppProps, terminal: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream }, stop: AbortSignal): Promise<void> {
  const instance = render(<App {...props} />, { exitOnCtrlC: false, stdin: terminal.stdin, stdout: terminal.stdout });
  const onStop = (): void => void abortLiveSessions().finally(() => instance.unmount());
  stop.addEventListener('abort', onStop, { once: true });
  try {
    await instance.waitUntilExit();
  } finally {
    stop.removeEventListener('abort', onStop);
  }
}
