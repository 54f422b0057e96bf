import { useStdout } from 'ink';
import { useEffect, useState } from 'react';

/** Clears the screen and its scrollback, cursor home: the transcript is drawn again after it. */
const CLEAR = '\u001B[2J\u001B[3J\u001B[H';

/**
 * A number that changes after each terminal resize, once the screen has been cleared. A terminal
 * re-flows what Ink drew at the old width, so Ink's erasing of its live part misses rows and leaves
 * copies of the panels in the transcript; a screen that keys its <Static> transcript on this number
 * is drawn whole again at the new width instead. `repaint` does the same on demand: after a full-screen
 * view closes, the transcript is back in view above the panels, not scrolled away over blank rows.
 */
export function useRepaintOnResize(): { epoch: number; repaint: () => void } {
  const { stdout } = useStdout();
  const [epoch, setEpoch] = useState(0);
  const repaint = (): void => {
    if (stdout.isTTY) stdout.write(CLEAR);
    setEpoch((n) => n + 1);
  };
  useEffect(() => {
    stdout.on('resize', repaint);
    return () => void stdout.off('resize', repaint);
  }, [stdout]);
  return { epoch, repaint };
}
