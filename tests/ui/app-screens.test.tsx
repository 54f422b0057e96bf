import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Box, type DOMElement } from 'ink';
import { render } from 'ink-testing-library';
import { createRef } from 'react';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { modelKit } from '../../src/adapters/model-kit.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { App } from '../../src/ui/App.js';
import { frameWhere } from '../helpers/ink.js';
import { exampleTask } from '../helpers/tasks.js';

const dir = mkdtempSync(join(tmpdir(), 'synthagent-app-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const mounted: (() => void)[] = [];
afterEach(() => {
  for (const unmount of mounted.splice(0)) unmount();
});

type InkNode = DOMElement & { staticNode?: InkNode };

/**
 * Whether the <Static> node Ink renders at every frame is still in the tree. Ink 6.8 keeps the last
 * one created even after it is unmounted and reads its freed layout: a garbage height hung the program.
 */
function staticInTree(box: DOMElement): boolean {
  let root = box as InkNode;
  while (root.parentNode) root = root.parentNode as InkNode;
  let n: InkNode | undefined = root.staticNode;
  if (!n) return true;
  while (n.parentNode) n = n.parentNode as InkNode;
  return n === root;
}

describe('the playground moving between screens', () => {
  // Regression (fixed): the viewer opened from the end screen of a session hung (Ink's output buffer
  // of a freed <Static>'s garbage height, seen in tmux after judging an imported task).
  it('after a session, the end screen and the viewer render no freed <Static>', async () => {
    const file = join(dir, 'task.json');
    writeFileSync(file, JSON.stringify(exampleTask()));
    const kit = modelKit({}, undefined);
    const caches = new RunCaches();
    const plan = { loaded: { task: exampleTask(), file, source: { file } }, agent: 'reference', user: 'sim', recordingsDir: join(dir, 'recordings'), kit, caches };
    const box = createRef<DOMElement>();
    const inst = render(
      <Box ref={box}>
        <App tasks={[]} recordingsDir={plan.recordingsDir} goldenDir={join(dir, 'golden')} kit={kit} caches={caches} start={{ name: 'session', plan }} />
      </Box>,
    );
    mounted.push(inst.unmount);
    const at = (text: string) => frameWhere(inst.lastFrame, (f) => f.includes(text), text, 10_000);
    await at('v view the recording');
    expect(staticInTree(box.current!)).toBe(true);
    inst.stdin.write('v');
    await at('step 1/');
    expect(staticInTree(box.current!)).toBe(true);
    inst.stdin.write('q');
    await at('v view the recording');
    expect(staticInTree(box.current!)).toBe(true);
  });
});
