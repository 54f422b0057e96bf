import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { readRecording } from '../../src/adapters/recording-file.js';
import { RecordingStore } from '../../src/adapters/recording-store.js';
import { type RunningServer, startServer } from '../../src/commands/serve.js';
import { CLI, useTempDirs } from '../helpers/cli.js';
import { bundled, planFor, playReferenceOverMcp, sdkCall } from '../helpers/serve.js';

const tempDir = useTempDirs('synthagent-mcp-');
const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function httpServer(dir: string, flags: Parameters<typeof planFor>[1] = {}): Promise<RunningServer> {
  const server = await startServer(planFor(dir, { mcp: 'http', task: 'travel-rebook', ...flags }), () => undefined);
  running.push(server);
  return server;
}

async function httpClient(url: string, name = 'test-client'): Promise<Client> {
  const client = new Client({ name, version: '1.2.3' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

describe('serve --mcp stdio (the CLI, spawned, with the SDK client)', () => {
  it('lists the task tools with their JSON Schemas, gives the brief, plays the reference to score 1 and records it', async () => {
    const dir = tempDir();
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', NO_COLOR: '1' };
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'serve', '--task', 'travel-rebook', '--mcp', 'stdio'], cwd: dir, env, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
    const client = new Client({ name: 'stdio-test', version: '0.9.0' });
    await client.connect(transport);
    const task = bundled('travel-rebook');

    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([...task.tools.map((t) => t.name), 'send_message_to_user', 'finish']);
    for (const t of task.tools) expect(tools.find((x) => x.name === t.name)?.inputSchema).toEqual(t.parameters);
    expect(client.getInstructions()).toContain(task.system);
    expect(client.getInstructions()).toContain(task.instruction);
    const prompt = await client.getPrompt({ name: 'task' });
    expect(prompt.messages[0]?.content).toMatchObject({ type: 'text', text: expect.stringContaining(task.instruction) });

    const result = await playReferenceOverMcp(task, sdkCall(client));
    expect(result).toMatchObject({ score: 1, passed: true, end: 'agent_finished' });
    const late = await sdkCall(client)('get_booking', { booking_id: 'BK-4411' });
    expect(late).toEqual({ isError: true, text: expect.stringContaining('the session has ended (agent_finished)') });
    await client.close();

    const rec = readRecording(join(dir, result.recording!));
    expect(rec.complete).toBe(true);
    expect(rec.roles.agent).toEqual({ kind: 'mcp', client: 'stdio-test 0.9.0' });
    expect(rec.roles.user).toEqual({ kind: 'sim' });
    expect(rec.result?.score).toBe(1);
    expect(stderr).toContain('serving travel-rebook over MCP stdio');
  }, 60_000);

  it('a client that goes away mid-session leaves a recording marked incomplete, and the server exits', async () => {
    const dir = tempDir();
    const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'serve', '--task', 'travel-rebook', '--mcp', 'stdio'], cwd: dir, env: { PATH: process.env.PATH ?? '' }, stderr: 'pipe' });
    let stderr = '';
    transport.stderr?.on('data', (d: Buffer) => void (stderr += d.toString()));
    const client = new Client({ name: 'leaver', version: '1' });
    await client.connect(transport);
    const reply = await sdkCall(client)('send_message_to_user', { text: 'What is your booking reference?' });
    expect(reply.text).toContain('BK-4411');
    const exited = new Promise<void>((resolve) => (transport.onclose = resolve));
    await client.close();
    await exited;
    const files = new RecordingStore(join(dir, 'recordings')).list();
    expect(files).toHaveLength(1);
    const rec = readRecording(join(dir, 'recordings', files[0]!.file));
    expect(rec.complete).toBe(false);
    expect(rec.result?.end).toBe('aborted');
    expect(rec.events.filter((e) => e.type === 'user_message')).toHaveLength(2);
  }, 60_000);
});

describe('serve --mcp http (in-process, the SDK client over streamable HTTP)', () => {
  it('plays every bundled task with a reference to score 1, one recorded session per MCP session', async () => {
    const dir = tempDir();
    for (const id of ['travel-rebook', 'retail-return-item', 'finance-transfer']) {
      const server = await httpServer(dir, { task: id });
      const client = await httpClient(server.url!, `client-${id}`);
      const result = await playReferenceOverMcp(bundled(id), sdkCall(client));
      expect(result, id).toMatchObject({ score: 1, passed: true });
      const rec = readRecording(result.recording!);
      expect(rec.roles.agent).toEqual({ kind: 'mcp', client: `client-${id} 1.2.3` });
      await client.close();
    }
  }, 60_000);

  it('arguments nested past the limit: an error result the session goes on from; the recording reads back', async () => {
    const dir = tempDir();
    const server = await httpServer(dir);
    const client = await httpClient(server.url!);
    // 1,000 levels: the SDK client writes its request with JSON.stringify, which ends at about 4,000.
    let deep: unknown = 'BK-4411';
    for (let i = 0; i < 1000; i++) deep = [deep];
    const out = await sdkCall(client)('get_booking', { booking_id: deep });
    expect(out).toEqual({ isError: true, text: expect.stringContaining('invalid arguments for get_booking: booking_id[0][0][0][0][0]…: nested deeper than 64 levels') });
    const result = await playReferenceOverMcp(bundled('travel-rebook'), sdkCall(client));
    const rec = readRecording(result.recording!);
    expect(rec.events.find((e) => e.type === 'tool_call')).toMatchObject({ args: expect.stringMatching(/^\{"booking_id":\[\[\[/) });
    await client.close();
  });

  it('two connections are two sessions; a connection that only lists tools records nothing', async () => {
    const dir = tempDir();
    const server = await httpServer(dir);
    const looker = await httpClient(server.url!, 'looker');
    await looker.listTools();
    const [a, b] = await Promise.all([httpClient(server.url!, 'a'), httpClient(server.url!, 'b')]);
    const [ra, rb] = await Promise.all([playReferenceOverMcp(bundled('travel-rebook'), sdkCall(a)), playReferenceOverMcp(bundled('travel-rebook'), sdkCall(b))]);
    expect([ra.score, rb.score]).toEqual([1, 1]);
    expect(ra.recording).not.toEqual(rb.recording);
    await Promise.all([a.close(), b.close(), looker.close()]);
    expect(new RecordingStore(dir).list().map((r) => r.agent)).toEqual(['mcp', 'mcp']);
  });

  it('plays with a scripted user (--user script:FILE): the reply is the script line', async () => {
    const dir = tempDir();
    const script = join(dir, 'user.json');
    writeFileSync(script, JSON.stringify([{ say: 'It is BK-4411, thanks.' }, { stop: true }]));
    const server = await httpServer(dir, { user: `script:${script}` });
    const client = await httpClient(server.url!);
    const call = sdkCall(client);
    expect((await call('send_message_to_user', { text: 'Your booking reference?' })).text).toBe('It is BK-4411, thanks.');
    const last = await call('send_message_to_user', { text: 'Anything else?' });
    expect(last.text).toMatch(/^The user ended the conversation\. The session has ended \(user_stopped\)/);
    expect((await call('finish', {})).isError).toBe(true);
    await client.close();
  });

  it('a closed MCP session (DELETE) aborts its session; a tool error is an error result the agent sees', async () => {
    const dir = tempDir();
    const server = await httpServer(dir);
    const transport = new StreamableHTTPClientTransport(new URL(server.url!));
    const client = new Client({ name: 'deleter', version: '1' });
    await client.connect(transport);
    const bad = await sdkCall(client)('get_booking', { booking: 'x' });
    expect(bad.isError).toBe(true);
    expect(bad.text).toContain('booking');
    await transport.terminateSession();
    await client.close();
    expect(new RecordingStore(dir).list()).toMatchObject([{ complete: false, end: 'aborted' }]);
  });
});
