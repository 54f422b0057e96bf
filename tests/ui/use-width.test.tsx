import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { afterEach, describe, it } from 'vitest';
import { useTerminalSize } from '../../src/ui/use-width.js';
import { frameWith } from '../helpers/ink.js';

const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

function Size() {
  const { width, height } = useTerminalSize();
  return <Text>{`${width}x${height}`}</Text>;
}

describe('useTerminalSize', () => {
  it('the terminal\'s columns and rows (24 rows when unknown), following a resize', async () => {
    const inst = render(<Size />);
    mounted.push(inst.unmount);
    await frameWith(inst.lastFrame, '100x24');
    Object.defineProperty(inst.stdout, 'columns', { value: 60, configurable: true });
    Object.defineProperty(inst.stdout, 'rows', { value: 30, configurable: true });
    inst.stdout.emit('resize');
    await frameWith(inst.lastFrame, '60x30');
  });

  it('a terminal that reports 0 columns counts as 80', async () => {
    const inst = render(<Size />);
    mounted.push(inst.unmount);
    Object.defineProperty(inst.stdout, 'columns', { value: 0, configurable: true });
    inst.stdout.emit('resize');
    await frameWith(inst.lastFrame, '80x24');
  });
});
