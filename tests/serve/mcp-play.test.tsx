import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { modelKit } from '../../src/adapters/model-kit.js';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RunCaches } from '../../src/adapters/run-caches.js';
import { resolveTask } from '../../src/adapters/task-files.js';
import { PlaygroundMcp } from '../../src/serve/mcp-play.js';
import { prepareSession } from '../../src/ui/make-session.js';
import { SessionScreen } from '../../src/ui/screens/SessionScreen.js';
import { cli, useTempDirs } from '../helpers/cli.js';
import { frameWith } from '../helpers/ink.js';
import { playReferenceOverMcp, sdkCall } from '../helpers/serve.js';

const tempDir = useTempDirs('synthagent-play-mcp-');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function playground(user = 'sim') {
  const loaded = resolveTask('travel-rebook');
  const mcp = await PlaygroundMcp.start(loaded.task, 0, 'test');
  cleanup.push(() => mcp.close());
  const prepared = prepareSession({ loaded, agent: 'mcp', user, recordingsDir: tempDir(), kit: modelKit({}, undefined), caches: new RunCaches(), mcp });
  cleanup.push(() => prepared.controller.abort());
  return { mcp, loaded, ...prepared };
}

async function connect(url: string, name: string): Promise<Client> {
  const client = new Client({ name, version: '2.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  cleanup.push(() => client.close());
  return client;
}

describe('play --agent mcp: the playground plays an outside agent over MCP', () => {
  it('the session waits for a client, starts at its first tool call, shows its moves live, and records the client', async () => {
    const { mcp, loaded, controller, others } = await playground();
    expect(others.agent).toContain(mcp.url);
    const screen = render(<SessionScreen controller={controller} player="none" others={others} onEnd={() => undefined} />);
    cleanup.push(() => screen.unmount());
    await frameWith(screen.lastFrame, `${mcp.url}`);
    const client = await connect(mcp.url, 'outside-agent');
    await client.listTools();
    expect(controller.getSnapshot().events).toEqual([]);

    const result = await playReferenceOverMcp(loaded.task, sdkCall(client));
    expect(result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
    await frameWith(screen.lastFrame, 'UA14', 'agent finished');
    expect(controller.getSnapshot().result?.score).toBe(1);
    const rec = readRecording(controller.getSnapshot().recordingFile!);
    expect(rec.roles.agent).toEqual({ kind: 'mcp', client: 'outside-agent 2.0' });
  }, 60_000);

  it('a second connection cannot take a session another client plays; a client that ends its MCP session ends the playground session (saved, incomplete)', async () => {
    const { mcp, controller } = await playground();
    void controller.start();
    const first = await connect(mcp.url, 'first');
    expect((await sdkCall(first)('send_message_to_user', { text: 'What is your booking reference?' })).text).toContain('BK-4411');
    const second = await connect(mcp.url, 'second');
    const refused = await sdkCall(second)('get_booking', { booking_id: 'BK-4411' });
    expect(refused).toEqual({ isError: true, text: expect.stringContaining('played by another connection (first 2.0)') });
    await (first.transport as StreamableHTTPClientTransport).terminateSession();
    const result = await controller.start();
    expect(result.end).toBe('aborted');
    expect(readRecording(controller.getSnapshot().recordingFile!).complete).toBe(false);
  });
});

describe('play --agent mcp: bad usage is one line', () => {
  it.each([
    [['play', '--agent', 'mcp'], 'play: --agent mcp plays one task from its start: give --task T (not --from)'],
    [['play', '--task', 'travel-rebook', '--port', '4000'], 'play: --port is for --agent mcp'],
  ])('%j', async (args, message) => {
    const out = await cli(args, tempDir());
    expect(out.code).toBe(2);
    expect(out.stderr.trim()).toBe(`synthagent: ${message}`);
  });
});
