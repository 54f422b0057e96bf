import { Text, useInput } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { useRepaintOnResize } from '../../src/ui/use-repaint.js';
import { frameWith } from '../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

const CLEAR = '\u001B[2J\u001B[3J\u001B[H';

function Epoch() {
  const { epoch, repaint } = useRepaintOnResize();
  useInput((input) => void (input === 'r' && repaint()));
  return <Text>{`epoch ${epoch}`}</Text>;
}

describe('useRepaintOnResize', () => {
  it('a new epoch after each resize and each repaint; the screen is cleared only on a terminal', async () => {
    const inst = render(<Epoch />);
    mounted.push(inst.unmount);
    await frameWith(inst.lastFrame, 'epoch 0');
    inst.stdout.emit('resize');
    await frameWith(inst.lastFrame, 'epoch 1');
    inst.stdin.write('r');
    await frameWith(inst.lastFrame, 'epoch 2');
    expect(inst.stdout.frames.some((f) => f.includes(CLEAR))).toBe(false); // not a TTY: nothing to clear

    const tty = render(<Epoch />);
    mounted.push(tty.unmount);
    Object.defineProperty(tty.stdout, 'isTTY', { value: true, configurable: true });
    await frameWith(tty.lastFrame, 'epoch 0');
    tty.stdout.emit('resize');
    await frameWith(tty.lastFrame, 'epoch 1');
    expect(tty.stdout.frames).toContain(CLEAR);
  });
});
