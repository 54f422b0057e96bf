import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { openaiModelClient } from '../../src/adapters/model-client.js';
import { modelConfig } from '../../src/adapters/model-config.js';
import { modelAgent } from '../../src/roles/model-agent.js';
import type { AgentRole } from '../../src/roles/role.js';
import { partialLines } from '../../src/ui/partial-lines.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { PARTIAL_MS, SessionController, type SessionSnapshot } from '../../src/ui/session-controller.js';
import { type FakeOpenAI, startFakeOpenAI } from '../helpers/fake-openai.js';
import { frameWhere, frameWith, humanUserController, plain, until } from '../helpers/ink.js';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const done of cleanup.splice(0).reverse()) await done();
});

/** A promise and the function that settles it. */
function gate(): { open: () => void; opened: Promise<void> } {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { open, opened };
}

describe('partialLines', () => {
  it.each<[string, string, number, number, string[]]>([
    ['nothing yet', '', 20, 3, []],
    ['a short text', 'Sorry to hear that.', 40, 3, ['Sorry to hear that.']],
    ['a long text, wrapped, its end kept', 'one two three four five six seven eight', 10, 2, ['…seven', 'eight']],
    ['a full line cut', 'abcdefghij klmnopqrst', 10, 1, ['…lmnopqrst']],
    ['lines of a text and tool calls', 'Checking.\nget_booking {"booking_id":"BK-44', 40, 3, ['Checking.', 'get_booking {"booking_id":"BK-44']],
    ['more lines than fit', 'a\nb\nc\nd', 10, 2, ['…c', 'd']],
  ])('%s', (_name, text, width, maxLines, expected) => {
    expect(partialLines(text, width, maxLines)).toEqual(expected);
  });
});

describe('SessionController, a model side streaming', () => {
  it('shows the latest partial text at most every PARTIAL_MS and drops it as the event is logged', async () => {
    const steps = [gate(), gate()];
    const agent: AgentRole = {
      info: { kind: 'model', model: 'fake' },
      async act(_view, ctx) {
        for (let n = 1; n <= 100; n++) ctx.progress?.(`x${n}`);
        await steps[0]!.opened;
        ctx.progress?.('y');
        ctx.progress?.('yz');
        await steps[1]!.opened;
        return { type: 'say', text: 'What is your booking reference?' };
      },
    };
    const controller = humanUserController(agent);
    cleanup.push(() => controller.abort());
    const seen: { at: number; snap: SessionSnapshot }[] = [];
    controller.subscribe(() => seen.push({ at: performance.now(), snap: controller.getSnapshot() }));
    void controller.start();
    await until(() => controller.getSnapshot().partial !== null, 'a partial text');
    steps[0]!.open();
    await until(() => controller.getSnapshot().partial?.text === 'yz', 'the second partial text');
    steps[1]!.open();
    await until(() => controller.getSnapshot().waiting === 'user', 'the user to be asked');

    const shown = seen.filter((s, i) => s.snap.partial !== (seen[i - 1]?.snap.partial ?? null));
    // A hundred pieces in one go are one update; the next comes no sooner than PARTIAL_MS after it.
    expect(shown.map((s) => s.snap.partial?.text ?? null)).toEqual(['x100', 'yz', null]);
    expect(shown[0]!.snap.partial).toEqual({ side: 'agent', text: 'x100' });
    expect(shown[1]!.at - shown[0]!.at).toBeGreaterThanOrEqual(PARTIAL_MS - 2);
    // The partial text goes in the same update that brings the agent's message, not before or after.
    const message = seen.findIndex((s) => s.snap.events.some((e) => e.type === 'agent_message'));
    expect(seen[message]!.snap.partial).toBeNull();
    expect(seen[message - 1]!.snap.partial?.text).toBe('yz');
  });
});

describe('SessionScreen, a model agent streaming through the real SDK', () => {
  let server: FakeOpenAI;

  it('shows the answer as it is written, then the logged row in its place', async () => {
    server = await startFakeOpenAI();
    cleanup.push(() => server.close());
    const half = gate();
    const text = 'Sorry to hear that. What is your booking reference?';
    server.script([{ stream: { pieceChars: 5, pauseAfter: 5, until: half.opened }, then: { text } }]);
    const client = openaiModelClient({ ...modelConfig({ baseUrl: server.url, model: 'fake', retries: 0, timeout: 5 }, {}), apiKey: 'sk-ui-key-123456', cacheFile: null });
    const controller = humanUserController(modelAgent(client, 'fake'));
    const inst = render(<SessionScreen controller={controller} player="user" others={{ agent: 'model', user: 'human' }} onEnd={() => {}} />);
    cleanup.push(() => (inst.unmount(), controller.abort()));

    // Four pieces arrived: "Sorry to hear that. ", and the server holds the rest.
    const during = await frameWith(inst.lastFrame, 'agent (model) ▸ Sorry to hear that.');
    expect(during).not.toContain('What is your');
    expect(during).not.toContain('model is working');
    expect(controller.getSnapshot().events.map((e) => e.type)).toEqual(['user_message']);

    half.open();
    const after = await frameWhere(inst.lastFrame, (f) => /agent\s+Sorry to hear that\. What is your booking reference\?/.test(f), 'the agent message row');
    expect(after).not.toContain('▸');
    expect(after).toContain('user ❯');
    expect(server.requests[0]!.body.stream).toBe(true);
    expect(plain(inst.lastFrame).split('Sorry to hear that.').length - 1).toBe(1);
  });
});
